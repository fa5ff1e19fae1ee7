/**
 * How many match, and Previous / Next page: the jobs' pages by default, any other list's with its own words.
 */
import { Button } from '@wordpress/components';
import { __, _n, sprintf } from '@wordpress/i18n';

export function JobsPagination( {
	total,
	page,
	totalPages,
	onPage,
	label = __( 'Job pages', 'iacp' ),
	totalWords,
}: {
	total: number;
	page: number;
	totalPages: number;
	onPage: ( page: number ) => void;
	/** The navigation's name, e.g. "Batch pages". */
	label?: string;
	/** "12 batches" instead of "12 jobs". */
	totalWords?: string;
} ) {
	return (
		<nav className="iacp-pagination" aria-label={ label }>
			<span>
				{ totalWords ??
					sprintf(
						/* translators: %d: number of jobs. */
						_n( '%d job', '%d jobs', total, 'iacp' ),
						total
					) }
			</span>
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
