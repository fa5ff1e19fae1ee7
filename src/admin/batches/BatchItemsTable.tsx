/**
 * One page of a batch's items: the post or attachment (its edit screen), its status, and what happened in words
 * (the error, the note, or the proposed value).
 */
import { ExternalLink, Spinner } from '@wordpress/components';
import { __ } from '@wordpress/i18n';
import type { BatchItem } from '../../api/types';
import { BatchStatusBadge } from '../../components/BatchStatusBadge';
import { itemNoteWords } from '../../batches/batchView';

const COLUMNS = 3;

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

export function BatchItemsTable( {
	items,
	isLoading,
}: {
	items: BatchItem[];
	isLoading: boolean;
} ) {
	return (
		<table className="wp-list-table widefat striped iacp-batch-items">
			<caption className="screen-reader-text">
				{ __( 'Items of this batch', 'iacp' ) }
			</caption>
			<thead>
				<tr>
					<th scope="col">{ __( 'Item', 'iacp' ) }</th>
					<th scope="col">{ __( 'Status', 'iacp' ) }</th>
					<th scope="col">{ __( 'Details', 'iacp' ) }</th>
				</tr>
			</thead>
			<tbody>
				{ isLoading && (
					<tr>
						<td colSpan={ COLUMNS }>
							<Spinner />
						</td>
					</tr>
				) }
				{ ! isLoading && items.length === 0 && (
					<tr>
						<td colSpan={ COLUMNS }>
							{ __( 'No items match.', 'iacp' ) }
						</td>
					</tr>
				) }
				{ items.map( ( item ) => (
					<tr key={ item.id } data-item-id={ item.id }>
						<td className="iacp-batch-item__title">
							{ item.thumbnail && (
								<img
									src={ item.thumbnail }
									alt=""
									width={ 40 }
									height={ 40 }
								/>
							) }
							<BatchItemTitle item={ item } />
						</td>
						<td>
							<BatchStatusBadge
								status={ item.status }
								of="item"
							/>
						</td>
						<td>
							<ItemWords item={ item } />
						</td>
					</tr>
				) ) }
			</tbody>
		</table>
	);
}
