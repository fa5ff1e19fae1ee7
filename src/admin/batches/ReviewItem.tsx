/**
 * One result awaiting review: the post or image, before and after side by side (text, or thumbnails for images),
 * and Accept / Edit / Reject. Edit opens a textarea whose text is accepted instead of the proposal.
 */
import { Button, Flex, TextareaControl } from '@wordpress/components';
import { __ } from '@wordpress/i18n';
import { forwardRef } from '@wordpress/element';
import type { Batch, BatchItem } from '../../api/types';
import { isImageItem } from '../../batches/batchView';
import { BatchItemTitle } from './BatchItemsTable';

function Side( {
	caption,
	value,
	image,
}: {
	caption: string;
	value: string | null;
	image: boolean;
} ) {
	let body;
	if ( value === null || value === '' ) {
		body = (
			<p className="iacp-review__empty">{ __( '(empty)', 'iacp' ) }</p>
		);
	} else if ( image ) {
		body = <img src={ value } alt={ caption } width={ 160 } />;
	} else {
		body = <p className="iacp-review__text">{ value }</p>;
	}
	return (
		<figure>
			<figcaption>{ caption }</figcaption>
			{ body }
		</figure>
	);
}

export interface ReviewItemProps {
	batch: Batch;
	item: BatchItem;
	position: string;
	isCurrent: boolean;
	editing: boolean;
	draft: string;
	busy: boolean;
	onFocus: () => void;
	onAccept: () => void;
	onReject: () => void;
	onEdit: () => void;
	onDraft: ( value: string ) => void;
	onAcceptEdited: () => void;
	onCancelEdit: () => void;
}

export const ReviewItem = forwardRef< HTMLDivElement, ReviewItemProps >(
	function ReviewItemCard(
		{
			batch,
			item,
			position,
			isCurrent,
			editing,
			draft,
			busy,
			onFocus,
			onAccept,
			onReject,
			onEdit,
			onDraft,
			onAcceptEdited,
			onCancelEdit,
		},
		ref
	) {
		const image = isImageItem( batch, item );
		const title =
			item.title !== '' ? item.title : __( '(no title)', 'iacp' );
		return (
			<div
				ref={ ref }
				role="group"
				aria-label={ `${ title } (${ position })` }
				className={ `iacp-review__item${ isCurrent ? ' is-current' : '' }` }
				data-item-id={ item.id }
				// Roving focus: Tab reaches the current item; j/k and the arrows move between them.
				tabIndex={ isCurrent ? 0 : -1 }
				onFocus={ onFocus }
			>
				<h3 className="iacp-review__title">
					<BatchItemTitle item={ item } />
				</h3>
				<div className="iacp-before-after">
					{ batch.action === 'alt_text' && item.thumbnail && (
						<figure>
							<figcaption>{ __( 'Image', 'iacp' ) }</figcaption>
							<img src={ item.thumbnail } alt="" width={ 160 } />
						</figure>
					) }
					<Side
						caption={ __( 'Before', 'iacp' ) }
						value={ item.before }
						image={ image }
					/>
					<Side
						caption={ __( 'After', 'iacp' ) }
						value={ item.after }
						image={ image }
					/>
				</div>
				{ editing ? (
					<div className="iacp-review__edit">
						<TextareaControl
							__nextHasNoMarginBottom
							label={ __( 'Your version', 'iacp' ) }
							value={ draft }
							onChange={ onDraft }
							onKeyDown={ ( event ) => {
								if ( event.key === 'Escape' ) {
									event.stopPropagation();
									onCancelEdit();
								}
							} }
							// eslint-disable-next-line jsx-a11y/no-autofocus -- the person asked to edit this text now.
							autoFocus
						/>
						<Flex justify="flex-start">
							<Button
								variant="primary"
								isBusy={ busy }
								aria-disabled={ busy }
								onClick={ () => ! busy && onAcceptEdited() }
							>
								{ __( 'Accept my version', 'iacp' ) }
							</Button>
							<Button variant="tertiary" onClick={ onCancelEdit }>
								{ __( 'Cancel editing', 'iacp' ) }
							</Button>
						</Flex>
					</div>
				) : (
					<Flex justify="flex-start" className="iacp-review__actions">
						<Button
							variant="primary"
							isBusy={ busy }
							aria-disabled={ busy }
							onClick={ () => ! busy && onAccept() }
						>
							{ __( 'Accept', 'iacp' ) }
						</Button>
						{ ! image && (
							<Button variant="secondary" onClick={ onEdit }>
								{ __( 'Edit', 'iacp' ) }
							</Button>
						) }
						<Button
							variant="secondary"
							isDestructive
							aria-disabled={ busy }
							onClick={ () => ! busy && onReject() }
						>
							{ __( 'Reject', 'iacp' ) }
						</Button>
					</Flex>
				) }
			</div>
		);
	}
);
