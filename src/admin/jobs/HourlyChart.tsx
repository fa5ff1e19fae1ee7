/**
 * The last 24 hours, hour by hour: a labelled bar per hour (completed below, failed on top), a scale, a legend,
 * and the same figures as a table for screen readers.
 */
import { __, sprintf } from '@wordpress/i18n';
import type { HourlyBucket } from '../../api/types';
import { siteTime } from '../../jobs/siteTime';

/** Every third hour carries a visible label; the others keep theirs for hover and screen readers. */
const LABEL_EVERY = 3;

export interface ChartBar {
	hour: string;
	label: string;
	completed: number;
	failed: number;
	/** Heights in percent of the tallest hour. */
	completedHeight: number;
	failedHeight: number;
	labelled: boolean;
}

/** The last 24 buckets as bars, oldest first. */
export function chartBars( hourly: HourlyBucket[] ): ChartBar[] {
	const hours = hourly.slice( -24 );
	const max = Math.max(
		1,
		...hours.map( ( bucket ) => bucket.completed + bucket.failed )
	);
	return hours.map( ( bucket, index ) => ( {
		hour: bucket.hour,
		label: siteTime( bucket.hour ) || bucket.hour,
		completed: bucket.completed,
		failed: bucket.failed,
		completedHeight: ( bucket.completed / max ) * 100,
		failedHeight: ( bucket.failed / max ) * 100,
		labelled: index % LABEL_EVERY === 0,
	} ) );
}

export function HourlyChart( { hourly }: { hourly: HourlyBucket[] } ) {
	const bars = chartBars( hourly );
	const max = Math.max( 0, ...bars.map( ( b ) => b.completed + b.failed ) );
	const totalCompleted = bars.reduce( ( sum, b ) => sum + b.completed, 0 );
	const totalFailed = bars.reduce( ( sum, b ) => sum + b.failed, 0 );
	const summary = sprintf(
		/* translators: 1: completed jobs, 2: failed jobs. */
		__(
			'Jobs per hour over the last 24 hours: %1$d completed, %2$d failed.',
			'iacp'
		),
		totalCompleted,
		totalFailed
	);
	return (
		<figure className="iacp-chart">
			<div className="iacp-chart__plot" aria-hidden="true">
				<div className="iacp-chart__scale">
					<span>{ max }</span>
					<span>0</span>
				</div>
				<div className="iacp-chart__bars">
					{ bars.map( ( bar ) => (
						<div
							key={ bar.hour }
							className="iacp-chart__hour"
							data-hour={ bar.hour }
							title={ sprintf(
								/* translators: 1: hour, like 9:00 am, 2: completed jobs, 3: failed jobs. */
								__(
									'%1$s: %2$d completed, %3$d failed',
									'iacp'
								),
								bar.label,
								bar.completed,
								bar.failed
							) }
						>
							<div className="iacp-chart__bar">
								<span
									className="iacp-chart__failed"
									style={ {
										height: `${ bar.failedHeight }%`,
									} }
								/>
								<span
									className="iacp-chart__completed"
									style={ {
										height: `${ bar.completedHeight }%`,
									} }
								/>
							</div>
							<span
								className={
									bar.labelled
										? 'iacp-chart__label'
										: 'iacp-chart__label is-hidden'
								}
							>
								{ bar.label }
							</span>
						</div>
					) ) }
				</div>
			</div>
			<ul className="iacp-chart__legend" aria-hidden="true">
				<li className="iacp-chart__key--completed">
					{ __( 'Completed', 'iacp' ) }
				</li>
				<li className="iacp-chart__key--failed">
					{ __( 'Failed', 'iacp' ) }
				</li>
			</ul>
			<figcaption>{ summary }</figcaption>
			<table className="screen-reader-text">
				<caption>{ __( 'Jobs per hour', 'iacp' ) }</caption>
				<thead>
					<tr>
						<th scope="col">{ __( 'Hour', 'iacp' ) }</th>
						<th scope="col">{ __( 'Completed', 'iacp' ) }</th>
						<th scope="col">{ __( 'Failed', 'iacp' ) }</th>
					</tr>
				</thead>
				<tbody>
					{ bars.map( ( bar ) => (
						<tr key={ bar.hour }>
							<th scope="row">{ bar.label }</th>
							<td>{ bar.completed }</td>
							<td>{ bar.failed }</td>
						</tr>
					) ) }
				</tbody>
			</table>
		</figure>
	);
}
