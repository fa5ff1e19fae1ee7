/**
 * Below a list table: how many match, and Previous / Next page, each list in its own words ("12 jobs", "Job pages").
 */
import { Button } from '@wordpress/components';
import { __, sprintf } from '@wordpress/i18n';

export function ListPagination( {
	page,
	totalPages,
	onPage,
	label,
	totalWords,
}: {
	page: number;
	totalPages: number;
	onPage: ( page: number ) => void;
	/** The navigation's name, e.g. "Batch pages". */
	label: string;
	/** How many match, e.g. "12 batches". */
	totalWords: string;
} ) {
	return (
		<nav className="iacp-pagination" aria-label={ label }>
			<span>{ totalWords }</span>
			<Button
				variant="secondary"
				aria-disabled={ page <= 1 }
				onClick={ () => page > 1 && onPage( page - 1 ) }
			>
				{ __( 'Previous page', 'iacp' ) }
			</Button>
			<span>
				{ sprintf(
					/* translators: 1: current page, 2: number of pages. */
					__( 'Page %1$d of %2$d', 'iacp' ),
					page,
					totalPages
				) }
			</span>
			<Button
				variant="secondary"
				aria-disabled={ page >= totalPages }
				onClick={ () => page < totalPages && onPage( page + 1 ) }
			>
				{ __( 'Next page', 'iacp' ) }
			</Button>
		</nav>
	);
}
