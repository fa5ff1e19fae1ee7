/**
 * An error in words, as a notice that stays until the error is gone.
 */
import { Notice } from '@wordpress/components';

import { errorMessage } from '../api/errors';

export function ErrorNotice( { error }: { error: unknown } ) {
	return (
		<Notice status="error" isDismissible={ false }>
			{ errorMessage( error ) }
		</Notice>
	);
}
