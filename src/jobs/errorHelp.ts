/**
 * A failed job in words: what went wrong, and what to do next — told to whoever reads it (a site manager can
 * change the settings; an author is told whom to ask). The server's message is the fallback for codes not here.
 */
import { __ } from '@wordpress/i18n';

export interface ErrorHelp {
	/** What went wrong, in one sentence. */
	what: string;
	/** What to do next, in one sentence. */
	next: string;
}

type Audience = 'manager' | 'author';

function pick( audience: Audience, manager: string, author: string ) {
	return audience === 'manager' ? manager : author;
}

/** Words for an error code; null where the server's own message is the best explanation. */
function known( code: string, audience: Audience ): ErrorHelp | null {
	const askAdmin = __(
		'Ask a site administrator to check the AI settings, then retry.',
		'iacp'
	);
	switch ( code ) {
		case 'provider_auth':
			return {
				what: __( 'The AI provider refused the API key.', 'iacp' ),
				next: pick(
					audience,
					__(
						'Check the API key in Settings → AI Content Pipeline (Test connection shows what the provider says), then retry.',
						'iacp'
					),
					askAdmin
				),
			};
		case 'provider_model_not_found':
			return {
				what: __(
					'The AI provider does not know the model (or the provider URL is wrong).',
					'iacp'
				),
				next: pick(
					audience,
					__(
						'Choose a model the provider lists in Settings → AI Content Pipeline, then retry.',
						'iacp'
					),
					askAdmin
				),
			};
		case 'provider_not_configured':
			return {
				what: __( 'No AI provider is set up on this site.', 'iacp' ),
				next: pick(
					audience,
					__(
						'Enter the provider URL and key in Settings → AI Content Pipeline, then retry.',
						'iacp'
					),
					askAdmin
				),
			};
		case 'provider_redirect':
			return {
				what: __(
					'The AI provider’s address redirects somewhere else, and the key is only sent to the saved address.',
					'iacp'
				),
				next: pick(
					audience,
					__(
						'Set the provider URL in Settings to the address it redirects to, then retry.',
						'iacp'
					),
					askAdmin
				),
			};
		case 'provider_rejected':
			return {
				what: __(
					'The AI provider refused the request, often because of its content policy.',
					'iacp'
				),
				next: __(
					'Change the text or the instructions and start a new job.',
					'iacp'
				),
			};
		case 'provider_rate_limited':
			return {
				what: __(
					'The AI provider is limiting how many requests this site may send.',
					'iacp'
				),
				next: pick(
					audience,
					__(
						'Retry in a minute; if it keeps happening, lower “Provider requests per minute” in Settings.',
						'iacp'
					),
					__( 'Retry in a minute.', 'iacp' )
				),
			};
		case 'provider_timeout':
			return {
				what: __( 'The AI provider did not answer in time.', 'iacp' ),
				next: pick(
					audience,
					__(
						'Retry; if it keeps happening, raise the read timeout in Settings.',
						'iacp'
					),
					__( 'Retry in a moment.', 'iacp' )
				),
			};
		case 'provider_unavailable':
		case 'provider_bad_response':
			return {
				what: __(
					'The AI provider could not be reached or its answer broke off.',
					'iacp'
				),
				next: pick(
					audience,
					__(
						'Check that the provider is up (Test connection in Settings), then retry.',
						'iacp'
					),
					__( 'Retry in a moment.', 'iacp' )
				),
			};
		case 'expired':
		case 'iacp_expired':
			return {
				what: __(
					'No background worker picked the job up before it expired.',
					'iacp'
				),
				next: pick(
					audience,
					__(
						'Check Queue health on Tools → AI Jobs (a worker must run), then retry.',
						'iacp'
					),
					__(
						'Retry; if it expires again, tell a site administrator that AI jobs are not running.',
						'iacp'
					)
				),
			};
		case 'worker_lost':
		case 'timeout':
			return {
				what: __(
					'The worker running the job stopped before it finished, or the job ran past its time limit.',
					'iacp'
				),
				next: pick(
					audience,
					__(
						'Retry; if it happens again, check the PHP error log and memory limit of the worker.',
						'iacp'
					),
					__( 'Retry, perhaps with a shorter text.', 'iacp' )
				),
			};
		case 'owner_cannot_edit_post':
			return {
				what: __(
					'The person who started the job may no longer edit the post, so nothing was written to it.',
					'iacp'
				),
				next: __(
					'Someone who can edit the post should start the job again.',
					'iacp'
				),
			};
		case 'post_not_found':
			return {
				what: __( 'The job’s post no longer exists.', 'iacp' ),
				next: __( 'Nothing to do: delete the job.', 'iacp' ),
			};
		case 'field_not_allowed':
			return {
				what: __(
					'This field may not be changed by AI jobs (any more).',
					'iacp'
				),
				next: pick(
					audience,
					__(
						'A developer opts fields in with the iacp_post_field_meta_keys filter and register_post_meta( … show_in_rest … ).',
						'iacp'
					),
					askAdmin
				),
			};
		case 'empty_output':
			return {
				what: __( 'The AI answered with nothing usable.', 'iacp' ),
				next: __( 'Retry, or change the instructions.', 'iacp' ),
			};
		case 'image_too_large':
		case 'image_download_refused':
			return {
				what: __(
					'The generated image could not be saved to the Media Library.',
					'iacp'
				),
				next: pick(
					audience,
					__(
						'Retry; the job log says why the download was refused.',
						'iacp'
					),
					__( 'Retry in a moment.', 'iacp' )
				),
			};
		case 'cancelled':
			return {
				what: __( 'The job was cancelled.', 'iacp' ),
				next: __( 'Retry to run it again.', 'iacp' ),
			};
		default:
			return null;
	}
}

export function errorHelp(
	code: string | null,
	message: string | null,
	audience: Audience
): ErrorHelp {
	return (
		( code ? known( code, audience ) : null ) ?? {
			what:
				message && message !== ''
					? message
					: __( 'The job failed.', 'iacp' ),
			next: __(
				'Retry; if it fails again, the job’s log says more.',
				'iacp'
			),
		}
	);
}
