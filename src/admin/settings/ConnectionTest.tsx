/**
 * "Test connection" under the provider's fields: tries the draft as it stands (saved or not) and says what happened,
 * aloud as well, since the answer appears away from the button.
 */
import { speak } from '@wordpress/a11y';
import { Button, Flex, Notice } from '@wordpress/components';
import { __, sprintf } from '@wordpress/i18n';
import type { SettingsUpdate } from '../../api/types';
import { ErrorNotice } from '../../components/ErrorNotice';
import { useTestConnection } from '../../hooks/useSettings';
import { connectionReport } from './connectionReport';

export function ConnectionTest( {
	update,
}: {
	/** The settings to try: the saved ones with the form's changes. */
	update: () => SettingsUpdate;
} ) {
	const test = useTestConnection();
	const onTest = () => {
		test.mutate( update(), {
			onSuccess: ( result ) =>
				speak(
					result.ok
						? __( 'Connection works.', 'iacp' )
						: __( 'Connection failed.', 'iacp' )
				),
		} );
	};
	return (
		<>
			<Flex justify="flex-start">
				<Button
					variant="secondary"
					onClick={ onTest }
					isBusy={ test.isPending }
				>
					{ __( 'Test connection', 'iacp' ) }
				</Button>
			</Flex>
			<div aria-live="polite">
				{ test.data?.ok && (
					<Notice status="success" isDismissible={ false }>
						{ sprintf(
							/* translators: %s: list of model names. */
							__( 'Connection works. Models: %s', 'iacp' ),
							test.data.models.join( ', ' ) ||
								__( 'none listed', 'iacp' )
						) }
					</Notice>
				) }
				{ test.data && ! test.data.ok && (
					<Notice status="error" isDismissible={ false }>
						{ test.data.error?.message ??
							__( 'The connection failed.', 'iacp' ) }
					</Notice>
				) }
				{ test.data && connectionReport( test.data ) !== '' && (
					<p className="iacp-settings__tried">
						{ connectionReport( test.data ) }
					</p>
				) }
				{ test.error && <ErrorNotice error={ test.error } /> }
			</div>
		</>
	);
}
