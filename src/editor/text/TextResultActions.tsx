/**
 * What the text dialog offers once its job is done: insert the result as blocks (below the block, or at the
 * end of the post), replace the block, copy the text, or run the same job again.
 */
import { speak } from '@wordpress/a11y';
import { Button } from '@wordpress/components';
import { __ } from '@wordpress/i18n';
import type { TextJobResult } from '../../api/types';
import { blocksFromTextResult } from '../blocks/textResultBlocks';
import { useBlockInsertion } from '../blocks/useBlockInsertion';

export function TextResultActions( {
	result,
	clientId,
	canReplace,
	regenerating,
	onRegenerate,
	onDone,
}: {
	result: Partial< TextJobResult >;
	/** The block the job worked on, or null when the result goes to the end of the post. */
	clientId: string | null;
	canReplace: boolean;
	regenerating: boolean;
	onRegenerate: () => void;
	/** The result is in the post; the message is spoken. */
	onDone: ( message: string ) => void;
} ) {
	const { insertAfter, replace } = useBlockInsertion();

	const onCopy = async () => {
		try {
			await window.navigator.clipboard.writeText( result.text ?? '' );
			speak( __( 'Copied to the clipboard.', 'iacp' ) );
		} catch {
			speak(
				__( 'Could not copy to the clipboard.', 'iacp' ),
				'assertive'
			);
		}
	};

	return (
		<>
			<Button
				variant="primary"
				onClick={ () => {
					insertAfter( clientId, blocksFromTextResult( result ) );
					onDone( __( 'AI text inserted.', 'iacp' ) );
				} }
			>
				{ clientId
					? __( 'Insert below', 'iacp' )
					: __( 'Insert', 'iacp' ) }
			</Button>
			{ clientId && canReplace && (
				<Button
					variant="secondary"
					onClick={ () => {
						replace( clientId, blocksFromTextResult( result ) );
						onDone( __( 'Block replaced with AI text.', 'iacp' ) );
					} }
				>
					{ __( 'Replace', 'iacp' ) }
				</Button>
			) }
			<Button variant="tertiary" onClick={ onCopy }>
				{ __( 'Copy', 'iacp' ) }
			</Button>
			<Button
				variant="tertiary"
				onClick={ onRegenerate }
				isBusy={ regenerating }
			>
				{ __( 'Regenerate', 'iacp' ) }
			</Button>
		</>
	);
}
