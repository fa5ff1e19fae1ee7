/**
 * Puts result blocks into the post with a single block-editor dispatch, so one undo removes them.
 */
import { store as blockEditorStore } from '@wordpress/block-editor';
import type { Block } from '@wordpress/blocks';
import { useDispatch, useRegistry } from '@wordpress/data';
import { useCallback } from '@wordpress/element';

export function useBlockInsertion() {
	const registry = useRegistry();
	const { insertBlocks, replaceBlocks } = useDispatch( blockEditorStore );

	const insertAfter = useCallback(
		( clientId: string | null, blocks: Block[] ) => {
			const editor = registry.select( blockEditorStore );
			const anchor =
				clientId ?? editor.getSelectedBlockClientId() ?? null;
			if ( anchor && editor.getBlock( anchor ) ) {
				const rootClientId =
					editor.getBlockRootClientId( anchor ) ?? undefined;
				insertBlocks(
					blocks,
					editor.getBlockIndex( anchor ) + 1,
					rootClientId
				);
				return;
			}
			insertBlocks( blocks );
		},
		[ registry, insertBlocks ]
	);

	const replace = useCallback(
		( clientId: string, blocks: Block[] ) => {
			if ( registry.select( blockEditorStore ).getBlock( clientId ) ) {
				replaceBlocks( clientId, blocks );
				return;
			}
			// The block is gone (deleted while the job ran): add the result instead.
			insertBlocks( blocks );
		},
		[ registry, insertBlocks, replaceBlocks ]
	);

	return { insertAfter, replace };
}
