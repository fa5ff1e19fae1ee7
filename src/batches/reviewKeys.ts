/**
 * The review screen's keys: j or ↓ next item, k or ↑ previous, a accept, r reject, e edit. Typing in a field
 * or pressing with a modifier is never a shortcut.
 */
export type ReviewKeyAction =
	'next' | 'previous' | 'accept' | 'reject' | 'edit';

export interface ReviewKey {
	key: string;
	altKey?: boolean;
	ctrlKey?: boolean;
	metaKey?: boolean;
	/** The element the key was pressed in. */
	targetTag?: string;
	targetEditable?: boolean;
}

const KEYS: Record< string, ReviewKeyAction > = {
	j: 'next',
	ArrowDown: 'next',
	k: 'previous',
	ArrowUp: 'previous',
	a: 'accept',
	r: 'reject',
	e: 'edit',
};

const TYPING_TAGS = [ 'INPUT', 'TEXTAREA', 'SELECT' ];

export function reviewKeyAction( event: ReviewKey ): ReviewKeyAction | null {
	if ( event.altKey || event.ctrlKey || event.metaKey ) {
		return null;
	}
	if (
		event.targetEditable ||
		TYPING_TAGS.includes( ( event.targetTag ?? '' ).toUpperCase() )
	) {
		return null;
	}
	return KEYS[ event.key ] ?? null;
}

/** The index to move to, kept inside the list (no wrapping, so the ends are felt). */
export function movedIndex(
	current: number,
	action: 'next' | 'previous',
	length: number
): number {
	if ( length <= 0 ) {
		return 0;
	}
	const next = action === 'next' ? current + 1 : current - 1;
	return Math.min( length - 1, Math.max( 0, next ) );
}
