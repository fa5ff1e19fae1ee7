/**
 * Adds the "AI" toolbar menu to paragraph, heading and list blocks and the AI image action to image blocks,
 * through the `editor.BlockEdit` filter, for users allowed to use them.
 */
import { BlockControls } from '@wordpress/block-editor';
import {
	Button,
	ToolbarButton,
	ToolbarDropdownMenu,
} from '@wordpress/components';
import { createHigherOrderComponent } from '@wordpress/compose';
import { useDispatch, useSelect } from '@wordpress/data';
import { addFilter } from '@wordpress/hooks';
import { __ } from '@wordpress/i18n';
import type { ComponentType } from 'react';
import type { TextMode } from '../api/types';
import { textModeLabel } from '../jobs/labels';
import { TEXT_BLOCKS } from './blocks/textResultBlocks';
import { editorCapabilities } from './capabilities';
import { aiIcon } from './icon';
import { store } from './store';

interface BlockEditProps {
	name: string;
	clientId: string;
	isSelected: boolean;
	attributes: Record< string, unknown >;
}

const QUICK_MODES: TextMode[] = [
	'rewrite',
	'shorten',
	'expand',
	'summarize',
	'fix_grammar',
	'change_tone',
	'translate',
];

function menuTitle( mode: TextMode ): string {
	if ( mode === 'change_tone' || mode === 'translate' ) {
		return `${ textModeLabel( mode ) }…`;
	}
	return textModeLabel( mode );
}

function TextAiMenu( { clientId }: { clientId: string } ) {
	const { openDialog } = useDispatch( store );
	const lastJob = useSelect(
		( select ) => select( store ).getBlockJob( clientId ),
		[ clientId ]
	);
	const controls = [
		...QUICK_MODES.map( ( mode ) => ( {
			title: menuTitle( mode ),
			onClick: () =>
				openDialog( { kind: 'text', mode, clientId, jobId: null } ),
		} ) ),
		{
			title: __( 'Generate text below…', 'iacp' ),
			onClick: () =>
				openDialog( {
					kind: 'text',
					mode: 'generate',
					clientId,
					jobId: null,
				} ),
		},
	];
	if ( lastJob ) {
		controls.push( {
			title: __( 'Show the last AI job', 'iacp' ),
			onClick: () =>
				openDialog( {
					kind: 'text',
					mode: 'rewrite',
					clientId,
					jobId: lastJob,
				} ),
		} );
	}
	return (
		<BlockControls group="other">
			<ToolbarDropdownMenu
				icon={ aiIcon }
				label={ __( 'AI', 'iacp' ) }
				controls={ controls }
			/>
		</BlockControls>
	);
}

function ImageAiControls( {
	clientId,
	hasImage,
}: {
	clientId: string;
	hasImage: boolean;
} ) {
	const { openDialog } = useDispatch( store );
	const lastJob = useSelect(
		( select ) => select( store ).getBlockJob( clientId ),
		[ clientId ]
	);
	const open = () =>
		openDialog( { kind: 'image', clientId, jobId: lastJob } );
	return (
		<>
			<BlockControls group="other">
				<ToolbarButton icon={ aiIcon } onClick={ open }>
					{ __( 'AI image', 'iacp' ) }
				</ToolbarButton>
			</BlockControls>
			{ ! hasImage && (
				<div className="iacp-image-placeholder-action">
					<Button
						variant="secondary"
						icon={ aiIcon }
						onClick={ open }
					>
						{ __( 'Generate an image with AI', 'iacp' ) }
					</Button>
				</div>
			) }
		</>
	);
}

export const withAiControls = createHigherOrderComponent(
	( BlockEdit: ComponentType< BlockEditProps > ) =>
		function BlockEditWithAi( props: BlockEditProps ) {
			const capabilities = editorCapabilities();
			const text =
				capabilities.canGenerateText &&
				TEXT_BLOCKS.includes( props.name );
			const image =
				capabilities.canGenerateImages && props.name === 'core/image';
			return (
				<>
					<BlockEdit { ...props } />
					{ props.isSelected && text && (
						<TextAiMenu clientId={ props.clientId } />
					) }
					{ props.isSelected && image && (
						<ImageAiControls
							clientId={ props.clientId }
							hasImage={
								typeof props.attributes.url === 'string' &&
								props.attributes.url !== ''
							}
						/>
					) }
				</>
			);
		},
	'withIacpAiControls'
);

export function registerBlockControls() {
	addFilter( 'editor.BlockEdit', 'iacp/ai-controls', withAiControls );
}
