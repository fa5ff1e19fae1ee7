/**
 * Words for statuses, job types, text modes, tones and errors.
 */
import { __ } from '@wordpress/i18n';
import type { Job, JobStatus, TextMode } from '../api/types';

export function statusLabel( status: JobStatus | string ): string {
	switch ( status ) {
		case 'pending':
			return __( 'Queued', 'iacp' );
		case 'processing':
			return __( 'Running', 'iacp' );
		case 'completed':
			return __( 'Done', 'iacp' );
		case 'failed':
			return __( 'Failed', 'iacp' );
		case 'cancelled':
			return __( 'Cancelled', 'iacp' );
		case 'expired':
			return __( 'Expired', 'iacp' );
		default:
			return status;
	}
}

export function textModeLabel( mode: TextMode | string ): string {
	switch ( mode ) {
		case 'generate':
			return __( 'Generate text', 'iacp' );
		case 'rewrite':
			return __( 'Rewrite', 'iacp' );
		case 'shorten':
			return __( 'Shorten', 'iacp' );
		case 'expand':
			return __( 'Expand', 'iacp' );
		case 'summarize':
			return __( 'Summarize', 'iacp' );
		case 'fix_grammar':
			return __( 'Fix grammar', 'iacp' );
		case 'change_tone':
			return __( 'Change tone', 'iacp' );
		case 'translate':
			return __( 'Translate', 'iacp' );
		default:
			return mode;
	}
}

export function toneLabel( tone: string ): string {
	switch ( tone ) {
		case 'friendly':
			return __( 'Friendly', 'iacp' );
		case 'formal':
			return __( 'Formal', 'iacp' );
		case 'casual':
			return __( 'Casual', 'iacp' );
		case 'confident':
			return __( 'Confident', 'iacp' );
		case 'professional':
			return __( 'Professional', 'iacp' );
		default:
			return tone;
	}
}

export function jobTypeLabel( type: string ): string {
	switch ( type ) {
		case 'text':
			return __( 'Text', 'iacp' );
		case 'image':
			return __( 'Image', 'iacp' );
		case 'post_field':
			return __( 'Post field', 'iacp' );
		case 'alt_text':
			return __( 'Alt text', 'iacp' );
		default:
			return type;
	}
}

/** A short title for a job: its mode or field, else its type. */
export function jobTitle( job: Job ): string {
	const input = job.input;
	if ( job.type === 'text' && typeof input.mode === 'string' ) {
		return textModeLabel( input.mode );
	}
	if ( job.type === 'post_field' && typeof input.field === 'string' ) {
		if ( input.field === 'excerpt' ) {
			return __( 'Improve excerpt', 'iacp' );
		}
		if ( input.field === 'title' ) {
			return __( 'Improve title', 'iacp' );
		}
		return input.field;
	}
	if ( job.type === 'image' ) {
		return __( 'Generate image', 'iacp' );
	}
	if ( job.type === 'alt_text' ) {
		return __( 'Write alt text', 'iacp' );
	}
	return jobTypeLabel( job.type );
}
