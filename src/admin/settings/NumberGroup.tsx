/**
 * A settings group of number fields, from its description in numberGroups().
 */
import { NumberField } from './NumberField';
import type { NumberGroupSpec } from './numberGroups';
import { SettingsGroup } from './SettingsGroup';
import type { EditableSettings, SetSetting } from './settingsForm';

export function NumberGroup( {
	group,
	draft,
	set,
	invalidField,
}: {
	group: NumberGroupSpec;
	draft: EditableSettings;
	set: SetSetting;
	/** The field the server refused on the last save. */
	invalidField: string | null;
} ) {
	return (
		<SettingsGroup title={ group.title } description={ group.description }>
			{ group.fields.map( ( field ) => (
				<NumberField
					key={ field.key }
					label={ field.label }
					help={ field.help }
					min={ field.min }
					value={ draft[ field.key ] }
					invalid={ invalidField === field.key }
					onChange={ ( value ) => set( field.key, value ) }
				/>
			) ) }
		</SettingsGroup>
	);
}
