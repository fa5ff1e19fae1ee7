/**
 * The review screen: every result of a review-mode batch that awaits a decision, before and after, with Accept /
 * Edit / Reject each and Accept all. Keys: j or ↓ next, k or ↑ previous, a accept, r reject, e edit; the focused
 * item is outlined and each move and decision is announced. A decided item leaves the list at once; what the
 * server could not apply (a person changed the field since) is listed in words.
 */
import { Button, Flex, Notice, Spinner } from '@wordpress/components';
import { speak } from '@wordpress/a11y';
import { useEffect, useRef, useState } from '@wordpress/element';
import { __, _n, sprintf } from '@wordpress/i18n';
import type { KeyboardEvent } from 'react';
import type { AcceptResult, BatchItem, ReviewDecision } from '../../api/types';
import { ErrorNotice } from '../../components/ErrorNotice';
import { batchTitle, conflictWords } from '../../batches/batchView';
import { movedIndex, reviewKeyAction } from '../../batches/reviewKeys';
import { useBatch, useReviewBatch } from '../../hooks/useBatches';
import { ReviewItem } from './ReviewItem';

/** As many results as one screen can review comfortably; the next ones arrive as these are decided. */
const REVIEW_PAGE = 50;

interface Conflict {
	title: string;
	words: string;
}

function resultWords( result: AcceptResult ): string {
	return sprintf(
		/* translators: 1: number of results applied, 2: number rejected, 3: number not applied. */
		__( '%1$d applied, %2$d rejected, %3$d not applied.', 'iacp' ),
		result.applied,
		result.rejected,
		result.conflicts.length
	);
}

export function ReviewScreen( {
	id,
	onBack,
}: {
	id: number;
	onBack: () => void;
} ) {
	const { data, isLoading, error } = useBatch( id, {
		item_status: 'review',
		items_per_page: REVIEW_PAGE,
	} );
	const review = useReviewBatch( id );
	const [ decided, setDecided ] = useState< number[] >( [] );
	const [ conflicts, setConflicts ] = useState< Conflict[] >( [] );
	const [ lastResult, setLastResult ] = useState< string | null >( null );
	const [ current, setCurrent ] = useState( 0 );
	const [ editing, setEditing ] = useState< number | null >( null );
	const [ draft, setDraft ] = useState( '' );
	const cards = useRef( new Map< number, HTMLDivElement >() );
	const focusWanted = useRef( false );

	const batch = data?.batch;
	const items = ( data?.items ?? [] ).filter(
		( item ) => item.status === 'review' && ! decided.includes( item.id )
	);
	const index = Math.min( current, Math.max( 0, items.length - 1 ) );
	const currentItem = items[ index ];
	const titleOf = ( item: BatchItem ) =>
		item.title !== '' ? item.title : __( '(no title)', 'iacp' );

	// Keeps the keyboard on the list: after a move or a decision, the item now current takes the focus.
	useEffect( () => {
		if ( focusWanted.current && currentItem ) {
			focusWanted.current = false;
			cards.current.get( currentItem.id )?.focus();
		}
	} );

	const record = ( result: AcceptResult, byId: Map< number, string > ) => {
		setLastResult( resultWords( result ) );
		const found = result.conflicts.map( ( conflict ) => ( {
			title:
				byId.get( conflict.item ) ??
				sprintf(
					/* translators: %d: item number. */
					__( 'Item %d', 'iacp' ),
					conflict.item
				),
			words: conflictWords( conflict.code, conflict.message ),
		} ) );
		setConflicts( ( earlier ) => [ ...found, ...earlier ] );
		speak(
			[
				resultWords( result ),
				...found.map( ( c ) => `${ c.title }: ${ c.words }` ),
			].join( ' ' ),
			found.length > 0 ? 'assertive' : 'polite'
		);
	};

	// Decisions may overlap (a, a, r in quick succession): each answer is handled by its own promise.
	const decide = ( item: BatchItem, decision: ReviewDecision ) => {
		setDecided( ( earlier ) => [ ...earlier, item.id ] );
		setEditing( null );
		focusWanted.current = true;
		review
			.mutateAsync( [ decision ] )
			.then( ( result ) =>
				record( result, new Map( [ [ item.id, titleOf( item ) ] ] ) )
			)
			// Not decided after all: the item comes back for another try (the error is shown above).
			.catch( () =>
				setDecided( ( earlier ) =>
					earlier.filter( ( other ) => other !== item.id )
				)
			);
	};

	const accept = ( item: BatchItem ) =>
		decide( item, { item: item.id, decision: 'accept' } );
	const reject = ( item: BatchItem ) =>
		decide( item, { item: item.id, decision: 'reject' } );
	const edit = ( item: BatchItem ) => {
		setEditing( item.id );
		setDraft( item.after ?? '' );
	};

	const acceptAll = () => {
		if ( review.isPending ) {
			return;
		}
		const titles = new Map(
			items.map( ( item ) => [ item.id, titleOf( item ) ] )
		);
		review
			.mutateAsync( 'all' )
			.then( ( result ) => {
				setDecided( ( earlier ) => [ ...earlier, ...titles.keys() ] );
				record( result, titles );
			} )
			.catch( () => undefined );
	};

	const move = ( action: 'next' | 'previous' ) => {
		const next = movedIndex( index, action, items.length );
		const item = items[ next ];
		setCurrent( next );
		focusWanted.current = true;
		if ( item ) {
			speak(
				sprintf(
					/* translators: 1: position, 2: count, 3: item title. */
					__( 'Item %1$d of %2$d: %3$s', 'iacp' ),
					next + 1,
					items.length,
					titleOf( item )
				)
			);
		}
	};

	const onKeyDown = ( event: KeyboardEvent< HTMLDivElement > ) => {
		const target = event.target as HTMLElement;
		const action = reviewKeyAction( {
			key: event.key,
			altKey: event.altKey,
			ctrlKey: event.ctrlKey,
			metaKey: event.metaKey,
			targetTag: target.tagName,
			targetEditable: target.isContentEditable,
		} );
		if ( action === null || ! currentItem ) {
			return;
		}
		event.preventDefault();
		if ( action === 'next' || action === 'previous' ) {
			move( action );
		} else if ( action === 'accept' ) {
			accept( currentItem );
		} else if ( action === 'reject' ) {
			reject( currentItem );
		} else if ( batch?.action !== 'featured_image' ) {
			edit( currentItem );
		}
	};

	return (
		<div className="iacp-batches-screen iacp-review">
			<Button variant="link" onClick={ onBack }>
				{ __( '← Back to the batch', 'iacp' ) }
			</Button>
			{ batch && (
				<h2>
					{ sprintf(
						/* translators: %s: batch title. */
						__( 'Review: %s', 'iacp' ),
						batchTitle( batch )
					) }
				</h2>
			) }
			{ isLoading && <Spinner /> }
			{ error && <ErrorNotice error={ error } /> }
			{ review.error && <ErrorNotice error={ review.error } /> }
			{ lastResult && (
				<Notice status="info" isDismissible={ false }>
					{ lastResult }
				</Notice>
			) }
			{ conflicts.length > 0 && (
				<Notice status="warning" isDismissible={ false }>
					<p>{ __( 'Not applied:', 'iacp' ) }</p>
					<ul className="iacp-review__conflicts">
						{ conflicts.map( ( conflict, at ) => (
							<li key={ at }>
								<strong>{ conflict.title }</strong>:{ ' ' }
								{ conflict.words }
							</li>
						) ) }
					</ul>
				</Notice>
			) }
			{ batch && (
				<Flex justify="flex-start" className="iacp-review__toolbar">
					<Button
						variant="primary"
						isBusy={
							review.isPending && review.variables === 'all'
						}
						aria-disabled={ review.isPending || items.length === 0 }
						onClick={ () => items.length > 0 && acceptAll() }
					>
						{ __( 'Accept all', 'iacp' ) }
					</Button>
					<span>
						{ sprintf(
							/* translators: %d: number of results awaiting review. */
							_n(
								'%d result awaits review',
								'%d results await review',
								batch.counts.review,
								'iacp'
							),
							Math.max( 0, batch.counts.review - decided.length )
						) }
					</span>
				</Flex>
			) }
			<p className="iacp-review__keys" id="iacp-review-keys">
				{ __(
					'Keys: j or ↓ next, k or ↑ previous, a accept, r reject, e edit, Escape leaves editing.',
					'iacp'
				) }
			</p>
			{ /* eslint-disable-next-line jsx-a11y/no-static-element-interactions -- the keys act on the focused item inside. */ }
			<div
				className="iacp-review__list"
				onKeyDown={ onKeyDown }
				aria-describedby="iacp-review-keys"
			>
				{ batch && ! isLoading && items.length === 0 && (
					<p>{ __( 'Nothing awaits review.', 'iacp' ) }</p>
				) }
				{ batch &&
					items.map( ( item, at ) => (
						<ReviewItem
							key={ item.id }
							ref={ ( element ) => {
								if ( element ) {
									cards.current.set( item.id, element );
								} else {
									cards.current.delete( item.id );
								}
							} }
							batch={ batch }
							item={ item }
							position={ sprintf(
								/* translators: 1: position, 2: count. */
								__( '%1$d of %2$d', 'iacp' ),
								at + 1,
								items.length
							) }
							isCurrent={ at === index }
							editing={ editing === item.id }
							draft={ draft }
							busy={
								review.isPending && review.variables === 'all'
							}
							onFocus={ () => setCurrent( at ) }
							onAccept={ () => accept( item ) }
							onReject={ () => reject( item ) }
							onEdit={ () => edit( item ) }
							onDraft={ setDraft }
							onAcceptEdited={ () =>
								decide( item, {
									item: item.id,
									decision: 'accept',
									value: draft,
								} )
							}
							onCancelEdit={ () => {
								setEditing( null );
								focusWanted.current = true;
							} }
						/>
					) ) }
			</div>
		</div>
	);
}
