/**
 * What a job produced, readable at a glance: text as text, images as thumbnails linking to their Media Library
 * attachments, a post field or an image's alt text as before and after (and what became of it). Unknown types show
 * JSON.
 */
import { __, sprintf } from '@wordpress/i18n';
import { addQueryArgs } from '@wordpress/url';
import type { Job, JobImage, PostFieldJobResult } from '../../../api/types';
import { writeOutcome } from '../../../jobs/writeOutcome';

/** The result once completed, else what a running or failed job saved so far. */
function output( job: Job ): Record< string, unknown > | null {
	const result = job.result ?? job.checkpoint;
	return result && Object.keys( result ).length > 0 ? result : null;
}

function Images( { images }: { images: JobImage[] } ) {
	return (
		<ul className="iacp-detail__images">
			{ images.map( ( image ) => {
				const src = image.url ?? image.preview_url;
				const alt = sprintf(
					/* translators: %d: image number. */
					__( 'Generated image %d', 'iacp' ),
					image.index + 1
				);
				const thumbnail = src ? (
					<img src={ src } alt={ alt } />
				) : (
					<span>{ alt }</span>
				);
				return (
					<li key={ image.index }>
						{ image.attachment_id ? (
							<a
								href={ addQueryArgs( 'post.php', {
									post: image.attachment_id,
									action: 'edit',
								} ) }
							>
								{ thumbnail }
							</a>
						) : (
							thumbnail
						) }
						<span className="iacp-detail__caption">
							{ image.attachment_id
								? __( 'In the Media Library', 'iacp' )
								: __( 'Not saved', 'iacp' ) }
						</span>
					</li>
				);
			} ) }
		</ul>
	);
}

function BeforeAfter( {
	type,
	result,
}: {
	type: string;
	result: Partial< PostFieldJobResult >;
} ) {
	const before =
		typeof result.before === 'string'
			? result.before
			: ( result.original ?? '' );
	const after = result.after ?? result.suggestion ?? result.value ?? '';
	return (
		<>
			<p className="iacp-detail__outcome">
				{ writeOutcome( type, result ) }
			</p>
			<div className="iacp-before-after">
				<figure>
					<figcaption>{ __( 'Before', 'iacp' ) }</figcaption>
					<div className="iacp-detail__text">
						{ before !== '' ? before : __( '(empty)', 'iacp' ) }
					</div>
				</figure>
				<figure>
					<figcaption>{ __( 'After', 'iacp' ) }</figcaption>
					<div className="iacp-detail__text">{ after }</div>
				</figure>
			</div>
		</>
	);
}

function Body( {
	job,
	result,
}: {
	job: Job;
	result: Record< string, unknown >;
} ) {
	if ( Array.isArray( result.images ) ) {
		return <Images images={ result.images as JobImage[] } />;
	}
	if (
		( job.type === 'post_field' || job.type === 'alt_text' ) &&
		'applied' in result
	) {
		return (
			<BeforeAfter
				type={ job.type }
				result={ result as Partial< PostFieldJobResult > }
			/>
		);
	}
	if ( typeof result.text === 'string' ) {
		return <div className="iacp-detail__text">{ result.text }</div>;
	}
	return (
		<pre className="iacp-detail__json">
			{ JSON.stringify( result, null, 2 ) }
		</pre>
	);
}

export function JobResultView( { job }: { job: Job } ) {
	const result = output( job );
	// A job that ended before producing anything has no result section at all.
	if ( ! result ) {
		return null;
	}
	return (
		<section aria-labelledby={ `iacp-result-${ job.id }` }>
			<h3 id={ `iacp-result-${ job.id }` }>
				{ job.status === 'completed'
					? __( 'Result', 'iacp' )
					: __( 'Saved so far', 'iacp' ) }
			</h3>
			<Body job={ job } result={ result } />
		</section>
	);
}
