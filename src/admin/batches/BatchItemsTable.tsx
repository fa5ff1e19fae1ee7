/**
 * One page of a batch's items: the post or attachment (its edit screen), its status, and what happened in words
 * (the error, the note, or the proposed value).
 */
import { ExternalLink } from '@wordpress/components';
import { __ } from '@wordpress/i18n';
import type { BatchItem } from '../../api/types';
import { BatchStatusBadge } from '../../components/BatchStatusBadge';
import { itemNoteWords } from '../../batches/batchView';
import { ListTable, type ListColumn } from '../shared/ListTable';

export function BatchItemTitle( { item }: { item: BatchItem } ) {
	const title = item.title !== '' ? item.title : __( '(no title)', 'iacp' );
	return item.edit_link ? (
		<a href={ item.edit_link }>{ title }</a>
	) : (
		<span>{ title }</span>
	);
}

function ItemWords( { item }: { item: BatchItem } ) {
	const note = itemNoteWords( item.note );
	return (
		<>
			{ item.error && (
				<p className="iacp-batch-item__error">{ item.error }</p>
			) }
			{ note && <p className="iacp-batch-item__note">{ note }</p> }
			{ ! item.error && item.after && (
				<p className="iacp-batch-item__after">
					{ /^https?:\/\//.test( item.after ) ? (
						<ExternalLink href={ item.after }>
							{ __( 'Generated image', 'iacp' ) }
						</ExternalLink>
					) : (
						item.after
					) }
				</p>
			) }
		</>
	);
}

/** The item (its edit screen, with a thumbnail for images), its status, and what happened. */
function itemColumns(): Array< ListColumn< BatchItem > > {
	return [
		{
			label: __( 'Item', 'iacp' ),
			className: 'iacp-batch-item__title',
			cell: ( item ) => (
				<>
					{ item.thumbnail && (
						<img
							src={ item.thumbnail }
							alt=""
							width={ 40 }
							height={ 40 }
						/>
					) }
					<BatchItemTitle item={ item } />
				</>
			),
		},
		{
			label: __( 'Status', 'iacp' ),
			cell: ( item ) => (
				<BatchStatusBadge status={ item.status } of="item" />
			),
		},
		{
			label: __( 'Details', 'iacp' ),
			cell: ( item ) => <ItemWords item={ item } />,
		},
	];
}

export function BatchItemsTable( {
	items,
	isLoading,
}: {
	items: BatchItem[];
	isLoading: boolean;
} ) {
	return (
		<ListTable
			caption={ __( 'Items of this batch', 'iacp' ) }
			className="iacp-batch-items"
			columns={ itemColumns() }
			rows={ items }
			rowKey={ ( item ) => item.id }
			rowAttributes={ ( item ) => ( { 'data-item-id': item.id } ) }
			isLoading={ isLoading }
			emptyText={ __( 'No items match.', 'iacp' ) }
		/>
	);
}
