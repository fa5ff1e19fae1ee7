/**
 * A batch's mode in words.
 */
import { __ } from '@wordpress/i18n';
import type { BatchMode } from '../../api/types';

export function modeLabel( mode: BatchMode | string ): string {
	return mode === 'review'
		? __( 'Review before applying', 'iacp' )
		: __( 'Apply as results arrive', 'iacp' );
}
