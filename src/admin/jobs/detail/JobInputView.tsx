/**
 * What a job was asked to do, readable at a glance: the action and its options as a list, the text as text.
 * Types this screen does not know show their input as JSON.
 */
import { __ } from '@wordpress/i18n';
import type { Job } from '../../../api/types';
import { textModeLabel, toneLabel } from '../../../jobs/labels';
import { FactList, type Fact } from './FactList';
import { postFieldLabel } from '../../../jobs/postFieldLabel';

function text( value: unknown ): string | null {
	return typeof value === 'string' && value !== '' ? value : null;
}

function facts( job: Job ): Fact[] | null {
	const input = job.input;
	switch ( job.type ) {
		case 'text':
			return [
				[
					__( 'Action', 'iacp' ),
					textModeLabel( String( input.mode ) ),
				],
				[
					__( 'Tone', 'iacp' ),
					text( input.tone ) && toneLabel( String( input.tone ) ),
				],
				[ __( 'Language', 'iacp' ), text( input.language ) ],
				[ __( 'Length', 'iacp' ), text( input.length ) ],
			];
		case 'image':
			return [
				[ __( 'Size', 'iacp' ), text( input.size ) ],
				[
					__( 'How many', 'iacp' ),
					typeof input.count === 'number'
						? String( input.count )
						: null,
				],
				[
					__( 'Featured image', 'iacp' ),
					input.set_featured === true ? __( 'Yes', 'iacp' ) : null,
				],
			];
		case 'post_field':
			return [
				[
					__( 'Field', 'iacp' ),
					postFieldLabel( String( input.field ) ),
				],
				[
					__( 'Instruction', 'iacp' ),
					text( input.instruction ) ??
						__( 'Improve it (no instruction given)', 'iacp' ),
				],
			];
		case 'alt_text':
			return [
				[
					__( 'Replace existing alt text', 'iacp' ),
					input.replace === true
						? __( 'Yes', 'iacp' )
						: __( 'No', 'iacp' ),
				],
			];
		default:
			return null;
	}
}

/** The text the job works on or from: the block's text, the prompt. */
function body( job: Job ): string | null {
	return text( job.input.text ) ?? text( job.input.prompt );
}

export function JobInputView( { job }: { job: Job } ) {
	const list = facts( job );
	if ( list === null ) {
		return (
			<pre className="iacp-detail__json">
				{ JSON.stringify( job.input, null, 2 ) }
			</pre>
		);
	}
	const source = body( job );
	return (
		<>
			<FactList facts={ list } className="iacp-detail__input" />
			{ source !== null && (
				<blockquote className="iacp-detail__text">
					{ source }
				</blockquote>
			) }
		</>
	);
}
