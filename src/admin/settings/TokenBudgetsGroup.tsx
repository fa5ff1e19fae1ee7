/**
 * Daily token budgets per role: one number field per role of the site.
 */
import { __, sprintf } from '@wordpress/i18n';
import { NumberField } from './NumberField';
import { SettingsGroup } from './SettingsGroup';
import { budgetRoles, withBudget } from './tokenBudgets';

export function TokenBudgetsGroup( {
	budgets,
	onChange,
}: {
	budgets: Record< string, number > | undefined;
	onChange: ( budgets: Record< string, number > ) => void;
} ) {
	return (
		<SettingsGroup
			title={ __( 'Daily token budgets per role', 'iacp' ) }
			description={ __(
				'AI tokens each user of a role may spend per day (UTC). 0 or empty means no limit; a user with several roles gets the most generous.',
				'iacp'
			) }
		>
			{ Object.entries( budgetRoles( budgets ) ).map(
				( [ role, name ] ) => (
					<NumberField
						key={ role }
						label={ sprintf(
							/* translators: %s: role name. */
							__( 'Tokens per day: %s', 'iacp' ),
							name
						) }
						min={ 0 }
						value={ budgets?.[ role ] ?? 0 }
						onChange={ ( tokens ) =>
							onChange( withBudget( budgets, role, tokens ) )
						}
					/>
				)
			) }
		</SettingsGroup>
	);
}
