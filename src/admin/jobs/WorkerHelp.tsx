/**
 * How to run a worker, folded under the queue health card: a long-running `wp iacp work`, a system cron line, or
 * a cron line that calls the queue over HTTP when WP-CLI is not there. The stall sentence links here.
 */
import { __ } from '@wordpress/i18n';

export const WORKER_HELP_ID = 'iacp-run-worker';

export function WorkerHelp( {
	open,
	onToggle,
}: {
	open: boolean;
	onToggle: ( open: boolean ) => void;
} ) {
	const settings = window.iacpAdminSettings ?? {};
	const path = settings.wpPath ?? '/var/www/html';
	const runUrl =
		settings.queueRunUrl ?? 'https://example.com/wp-json/iacp/v1/queue/run';
	return (
		<details
			id={ WORKER_HELP_ID }
			className="iacp-worker-help"
			open={ open }
			onToggle={ ( event ) => onToggle( event.currentTarget.open ) }
		>
			<summary>{ __( 'How to run a worker', 'iacp' ) }</summary>
			<p>
				{ __(
					'Jobs start by themselves when WP-Cron and this site’s requests to itself work. Where they do not, run a worker in one of these ways:',
					'iacp'
				) }
			</p>
			<ol>
				<li>
					{ __(
						'Best: keep a worker running under systemd or supervisor (the plugin’s README has both files):',
						'iacp'
					) }
					<code>{ `wp --path=${ path } iacp work` }</code>
				</li>
				<li>
					{ __( 'Or a system cron line, every minute:', 'iacp' ) }
					<code>
						{ `* * * * * wp --path=${ path } iacp work --once --time-limit=55` }
					</code>
				</li>
				<li>
					{ __(
						'Without WP-CLI, a cron line that calls the queue over HTTP with the runner secret (wp option get iacp_runner_secret):',
						'iacp'
					) }
					<code>
						{ `* * * * * curl -fsS -X POST -H "X-IACP-Runner-Secret: <secret>" "${ runUrl }?time_limit=50"` }
					</code>
				</li>
			</ol>
		</details>
	);
}
