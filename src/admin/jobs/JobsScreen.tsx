/**
 * Tools → AI Jobs: queue health, filters, the job table with pagination and bulk actions, and a detail panel.
 */
import { speak } from '@wordpress/a11y';
import {
	Button,
	Flex,
	Notice,
	SelectControl,
	Spinner,
	TextControl,
} from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __, _n, sprintf } from '@wordpress/i18n';
import {
	JOB_STATUSES,
	JOB_TYPES,
	type Job,
	type JobFilters,
	type JobStatus,
	type JobType,
} from '../../api/types';
import { ProgressBar } from '../../components/ProgressBar';
import { useJobs } from '../../hooks/useJobs';
import {
	useCancelJob,
	useDeleteJob,
	useRetryJob,
} from '../../hooks/useJobMutations';
import { isFinalStatus } from '../../hooks/pollInterval';
import { jobTitle, jobTypeLabel, statusLabel } from '../../jobs/labels';
import { JobDetail } from './JobDetail';
import { QueueHealthCard } from './QueueHealthCard';
import { ErrorNotice } from '../../components/ErrorNotice';

const PER_PAGE = 20;

interface FilterState {
	status: JobStatus | '';
	type: JobType | '';
	user: string;
	post: string;
	search: string;
	after: string;
	before: string;
}

const EMPTY_FILTERS: FilterState = {
	status: '',
	type: '',
	user: '',
	post: '',
	search: '',
	after: '',
	before: '',
};

export function toJobFilters( state: FilterState, page: number ): JobFilters {
	const user = Number( state.user );
	const post = Number( state.post );
	return {
		status: state.status ? [ state.status ] : undefined,
		type: state.type || undefined,
		user: Number.isInteger( user ) && user > 0 ? user : undefined,
		post_id: Number.isInteger( post ) && post > 0 ? post : undefined,
		search: state.search || undefined,
		after: state.after ? `${ state.after }T00:00:00` : undefined,
		before: state.before ? `${ state.before }T23:59:59` : undefined,
		page,
		per_page: PER_PAGE,
	};
}

type BulkAction = 'retry' | 'cancel' | 'delete';

function canDo( action: BulkAction, job: Job ): boolean {
	if ( action === 'cancel' ) {
		return ! isFinalStatus( job.status );
	}
	if ( action === 'retry' ) {
		return [ 'failed', 'cancelled', 'expired' ].includes( job.status );
	}
	return isFinalStatus( job.status );
}

export function JobsScreen() {
	const [ filters, setFilters ] = useState< FilterState >( EMPTY_FILTERS );
	const [ page, setPage ] = useState( 1 );
	const [ selected, setSelected ] = useState< string[] >( [] );
	const [ detail, setDetail ] = useState< string | null >( null );
	const [ bulkMessage, setBulkMessage ] = useState< string | null >( null );
	const [ bulkBusy, setBulkBusy ] = useState( false );
	const { data, isLoading, isFetching, error } = useJobs(
		toJobFilters( filters, page )
	);
	const retry = useRetryJob();
	const cancel = useCancelJob();
	const remove = useDeleteJob();

	const jobs = data?.jobs ?? [];
	const total = data?.total ?? 0;
	const totalPages = Math.max( 1, data?.totalPages ?? 1 );

	const update = ( patch: Partial< FilterState > ) => {
		setFilters( ( current ) => ( { ...current, ...patch } ) );
		setPage( 1 );
		setSelected( [] );
	};

	const runBulk = async ( action: BulkAction ) => {
		const targets = jobs.filter(
			( job ) => selected.includes( job.id ) && canDo( action, job )
		);
		setBulkBusy( true );
		let done = 0;
		let failed = 0;
		for ( const job of targets ) {
			try {
				if ( action === 'retry' ) {
					await retry.mutateAsync( job.id );
				} else if ( action === 'cancel' ) {
					await cancel.mutateAsync( job.id );
				} else {
					await remove.mutateAsync( job.id );
				}
				done++;
			} catch {
				failed++;
			}
		}
		setBulkBusy( false );
		setSelected( [] );
		const skipped = selected.length - targets.length;
		const message = [
			sprintf(
				/* translators: %d: number of jobs. */
				_n( '%d job updated.', '%d jobs updated.', done, 'iacp' ),
				done
			),
			failed > 0
				? sprintf(
						/* translators: %d: number of jobs. */
						_n(
							'%d job failed.',
							'%d jobs failed.',
							failed,
							'iacp'
						),
						failed
					)
				: '',
			skipped > 0
				? sprintf(
						/* translators: %d: number of jobs. */
						_n(
							'%d job skipped (not possible in its state).',
							'%d jobs skipped (not possible in their state).',
							skipped,
							'iacp'
						),
						skipped
					)
				: '',
		]
			.filter( Boolean )
			.join( ' ' );
		setBulkMessage( message );
		speak( message );
	};

	const allSelected = jobs.length > 0 && selected.length === jobs.length;

	return (
		<div className="iacp-jobs-screen">
			<QueueHealthCard onStatus={ ( status ) => update( { status } ) } />

			<form
				className="iacp-filters"
				role="search"
				aria-label={ __( 'Filter jobs', 'iacp' ) }
				onSubmit={ ( event ) => event.preventDefault() }
			>
				<SelectControl
					label={ __( 'Status', 'iacp' ) }
					value={ filters.status }
					options={ [
						{ value: '', label: __( 'All statuses', 'iacp' ) },
						...JOB_STATUSES.map( ( status ) => ( {
							value: status,
							label: statusLabel( status ),
						} ) ),
					] }
					onChange={ ( value ) =>
						update( { status: value as JobStatus | '' } )
					}
					__nextHasNoMarginBottom
				/>
				<SelectControl
					label={ __( 'Type', 'iacp' ) }
					value={ filters.type }
					options={ [
						{ value: '', label: __( 'All types', 'iacp' ) },
						...JOB_TYPES.map( ( type ) => ( {
							value: type,
							label: jobTypeLabel( type ),
						} ) ),
					] }
					onChange={ ( value ) =>
						update( { type: value as JobType | '' } )
					}
					__nextHasNoMarginBottom
				/>
				<TextControl
					label={ __( 'User ID', 'iacp' ) }
					type="number"
					min={ 1 }
					value={ filters.user }
					onChange={ ( value ) => update( { user: value } ) }
					__nextHasNoMarginBottom
				/>
				<TextControl
					label={ __( 'Post ID', 'iacp' ) }
					type="number"
					min={ 1 }
					value={ filters.post }
					onChange={ ( value ) => update( { post: value } ) }
					__nextHasNoMarginBottom
				/>
				<TextControl
					label={ __( 'From', 'iacp' ) }
					type="date"
					value={ filters.after }
					onChange={ ( value ) => update( { after: value } ) }
					__nextHasNoMarginBottom
				/>
				<TextControl
					label={ __( 'To', 'iacp' ) }
					type="date"
					value={ filters.before }
					onChange={ ( value ) => update( { before: value } ) }
					__nextHasNoMarginBottom
				/>
				<TextControl
					label={ __( 'Search jobs', 'iacp' ) }
					type="search"
					value={ filters.search }
					onChange={ ( value ) => update( { search: value } ) }
					__nextHasNoMarginBottom
				/>
				<Button
					variant="tertiary"
					onClick={ () => update( EMPTY_FILTERS ) }
				>
					{ __( 'Clear filters', 'iacp' ) }
				</Button>
			</form>

			<Flex className="iacp-bulk" justify="flex-start">
				<Button
					variant="secondary"
					aria-disabled={ selected.length === 0 || bulkBusy }
					onClick={ () =>
						selected.length > 0 && void runBulk( 'retry' )
					}
				>
					{ __( 'Retry selected', 'iacp' ) }
				</Button>
				<Button
					variant="secondary"
					aria-disabled={ selected.length === 0 || bulkBusy }
					onClick={ () =>
						selected.length > 0 && void runBulk( 'cancel' )
					}
				>
					{ __( 'Cancel selected', 'iacp' ) }
				</Button>
				<Button
					variant="secondary"
					isDestructive
					aria-disabled={ selected.length === 0 || bulkBusy }
					onClick={ () =>
						selected.length > 0 && void runBulk( 'delete' )
					}
				>
					{ __( 'Delete selected', 'iacp' ) }
				</Button>
				{ ( bulkBusy || isFetching ) && <Spinner /> }
			</Flex>
			{ bulkMessage && (
				<Notice status="info" onRemove={ () => setBulkMessage( null ) }>
					{ bulkMessage }
				</Notice>
			) }
			{ error && <ErrorNotice error={ error } /> }

			<div className="iacp-jobs-layout">
				<table className="wp-list-table widefat striped iacp-jobs-table">
					<caption className="screen-reader-text">
						{ __( 'AI jobs', 'iacp' ) }
					</caption>
					<thead>
						<tr>
							<td className="check-column">
								<input
									type="checkbox"
									aria-label={ __(
										'Select all jobs on this page',
										'iacp'
									) }
									checked={ allSelected }
									onChange={ () =>
										setSelected(
											allSelected
												? []
												: jobs.map( ( job ) => job.id )
										)
									}
								/>
							</td>
							<th scope="col">{ __( 'Job', 'iacp' ) }</th>
							<th scope="col">{ __( 'Type', 'iacp' ) }</th>
							<th scope="col">{ __( 'Status', 'iacp' ) }</th>
							<th scope="col">{ __( 'User', 'iacp' ) }</th>
							<th scope="col">{ __( 'Post', 'iacp' ) }</th>
							<th scope="col">{ __( 'Attempts', 'iacp' ) }</th>
							<th scope="col">{ __( 'Created', 'iacp' ) }</th>
						</tr>
					</thead>
					<tbody>
						{ isLoading && (
							<tr>
								<td colSpan={ 8 }>
									<Spinner />
								</td>
							</tr>
						) }
						{ ! isLoading && jobs.length === 0 && (
							<tr>
								<td colSpan={ 8 }>
									{ __(
										'No jobs match these filters.',
										'iacp'
									) }
								</td>
							</tr>
						) }
						{ jobs.map( ( job ) => (
							<tr
								key={ job.id }
								data-job-id={ job.id }
								className={
									detail === job.id ? 'is-selected' : ''
								}
							>
								<th scope="row" className="check-column">
									<input
										type="checkbox"
										aria-label={ sprintf(
											/* translators: %s: job title and id. */
											__( 'Select job %s', 'iacp' ),
											`${ jobTitle( job ) } ${ job.id.slice( 0, 8 ) }`
										) }
										checked={ selected.includes( job.id ) }
										onChange={ () =>
											setSelected( ( current ) =>
												current.includes( job.id )
													? current.filter(
															( id ) =>
																id !== job.id
														)
													: [ ...current, job.id ]
											)
										}
									/>
								</th>
								<td>
									<Button
										variant="link"
										onClick={ () => setDetail( job.id ) }
									>
										{ `${ jobTitle( job ) } · ${ job.id.slice( 0, 8 ) }` }
									</Button>
								</td>
								<td>{ jobTypeLabel( job.type ) }</td>
								<td>
									<span
										className={ `iacp-status iacp-status--${ job.status }` }
									>
										{ statusLabel( job.status ) }
									</span>
									{ ! isFinalStatus( job.status ) && (
										<ProgressBar
											value={ job.progress }
											label={ __( 'Progress', 'iacp' ) }
										/>
									) }
								</td>
								<td>{ job.user_id }</td>
								<td>{ job.post_id ?? '—' }</td>
								<td>{ `${ job.attempts } / ${ job.max_attempts }` }</td>
								<td>{ job.created_at ?? '' }</td>
							</tr>
						) ) }
					</tbody>
				</table>
				{ detail && (
					<JobDetail
						id={ detail }
						onClose={ () => setDetail( null ) }
					/>
				) }
			</div>

			<nav
				className="iacp-pagination"
				aria-label={ __( 'Job pages', 'iacp' ) }
			>
				<span>
					{ sprintf(
						/* translators: %d: number of jobs. */
						_n( '%d job', '%d jobs', total, 'iacp' ),
						total
					) }
				</span>
				<Button
					variant="secondary"
					aria-disabled={ page <= 1 }
					onClick={ () => page > 1 && setPage( page - 1 ) }
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
					onClick={ () => page < totalPages && setPage( page + 1 ) }
				>
					{ __( 'Next page', 'iacp' ) }
				</Button>
			</nav>
		</div>
	);
}
