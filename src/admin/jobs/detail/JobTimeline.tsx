/**
 * A job's log as a timeline: when (site time, full date on hover), which attempt, what happened; the technical
 * detail managers get stays folded.
 */
import { __, sprintf } from '@wordpress/i18n';
import type { JobLogEntry } from '../../../api/types';
import { siteDateTime, siteTime } from '../../../jobs/siteTime';

function detail( entry: JobLogEntry ): string | null {
	const data = entry.data;
	if ( typeof data !== 'object' || data === null ) {
		return null;
	}
	return Object.keys( data ).length > 0
		? JSON.stringify( data, null, 2 )
		: null;
}

export function JobTimeline( { log }: { log: JobLogEntry[] } ) {
	if ( log.length === 0 ) {
		return null;
	}
	return (
		<section aria-labelledby="iacp-timeline-title">
			<h3 id="iacp-timeline-title">{ __( 'Timeline', 'iacp' ) }</h3>
			<ol className="iacp-timeline">
				{ log.map( ( entry, index ) => {
					const more = detail( entry );
					return (
						<li key={ index } className="iacp-timeline__entry">
							<time
								dateTime={ entry.time }
								title={ siteDateTime( entry.time ) }
							>
								{ siteTime( entry.time ) }
							</time>
							<span className="iacp-timeline__attempt">
								{ entry.attempt > 0
									? sprintf(
											/* translators: %d: attempt number. */
											__( 'Attempt %d', 'iacp' ),
											entry.attempt
										)
									: __( 'Queue', 'iacp' ) }
							</span>
							<span className="iacp-timeline__message">
								{ entry.message }
							</span>
							{ more !== null && (
								<details>
									<summary>
										{ __( 'Details', 'iacp' ) }
									</summary>
									<pre>{ more }</pre>
								</details>
							) }
						</li>
					);
				} ) }
			</ol>
		</section>
	);
}
