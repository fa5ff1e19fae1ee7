/**
 * The person and the post a job names, as links: the owner's name opens their jobs, the post's title opens the
 * editor; a deleted post says so. Shared by the Jobs table and the job detail (and any later screen of jobs).
 */
import { __, sprintf } from '@wordpress/i18n';
import { addQueryArgs } from '@wordpress/url';
import type { Job } from '../../api/types';

/** The Jobs screen, filtered to one user's jobs. */
export function userJobsUrl( userId: number ): string {
	return addQueryArgs( 'tools.php', { page: 'iacp-jobs', user: userId } );
}

export function JobOwner( {
	job,
	onFilter,
}: {
	job: Job;
	/** Filters the current screen instead of loading a new page (the link still works in a new tab). */
	onFilter?: ( userId: number ) => void;
} ) {
	const name =
		job.user?.name ??
		sprintf(
			/* translators: %d: user id. */
			__( 'User %d', 'iacp' ),
			job.user_id
		);
	return (
		<a
			href={ userJobsUrl( job.user_id ) }
			aria-label={ sprintf(
				/* translators: %s: a person's name. */
				__( 'Jobs of %s', 'iacp' ),
				name
			) }
			onClick={ ( event ) => {
				if ( onFilter && ! event.metaKey && ! event.ctrlKey ) {
					event.preventDefault();
					onFilter( job.user_id );
				}
			} }
		>
			{ name }
		</a>
	);
}

export function JobPostLink( { job }: { job: Job } ) {
	const post = job.post;
	if ( job.post_id === null ) {
		return <span>—</span>;
	}
	if ( post?.deleted ) {
		return (
			<span className="iacp-post-deleted">
				{ __( '(deleted)', 'iacp' ) }
			</span>
		);
	}
	const title =
		post?.title === undefined || post?.title === null
			? sprintf(
					/* translators: %d: post id. */
					__( 'Post %d', 'iacp' ),
					job.post_id
				)
			: post.title || __( '(no title)', 'iacp' );
	return post?.edit_link ? (
		<a href={ post.edit_link }>{ title }</a>
	) : (
		<span>{ title }</span>
	);
}
