/**
 * The Jobs screen's bulk bar: Retry, Cancel or Delete the selected jobs, and what the last bulk action did.
 */
import { Button, Flex, Notice, Spinner } from '@wordpress/components';
import { __ } from '@wordpress/i18n';
import type { BulkAction } from './useBulkJobActions';

function bulkButtons(): Array< {
	action: BulkAction;
	label: string;
	destructive: boolean;
} > {
	return [
		{
			action: 'retry',
			label: __( 'Retry selected', 'iacp' ),
			destructive: false,
		},
		{
			action: 'cancel',
			label: __( 'Cancel selected', 'iacp' ),
			destructive: false,
		},
		{
			action: 'delete',
			label: __( 'Delete selected', 'iacp' ),
			destructive: true,
		},
	];
}

export function BulkActions( {
	selectedCount,
	busy,
	loading,
	message,
	onRun,
	onDismiss,
}: {
	selectedCount: number;
	busy: boolean;
	/** The list is being fetched (a spinner shows either way). */
	loading: boolean;
	message: string | null;
	onRun: ( action: BulkAction ) => void;
	onDismiss: () => void;
} ) {
	const disabled = selectedCount === 0 || busy;
	return (
		<>
			<Flex className="iacp-bulk" justify="flex-start">
				{ bulkButtons().map( ( { action, label, destructive } ) => (
					<Button
						key={ action }
						variant="secondary"
						isDestructive={ destructive }
						aria-disabled={ disabled }
						onClick={ () => ! disabled && onRun( action ) }
					>
						{ label }
					</Button>
				) ) }
				{ ( busy || loading ) && <Spinner /> }
			</Flex>
			{ message && (
				<Notice status="info" onRemove={ onDismiss }>
					{ message }
				</Notice>
			) }
		</>
	);
}
