/**
 * One group of settings: a card titled with what it is, one line saying what it does, and its fields in the
 * screen's one grid (same column widths in every group, so the fields line up down the page).
 */
import { Card, CardBody, CardHeader } from '@wordpress/components';
import { useInstanceId } from '@wordpress/compose';
import type { ReactNode } from 'react';

export function SettingsGroup( {
	title,
	description,
	children,
	after,
}: {
	title: string;
	/** What the group does, in one line. */
	description: string;
	/** The fields, one grid cell each. */
	children: ReactNode;
	/** What follows the grid (a button and its report). */
	after?: ReactNode;
} ) {
	const id = useInstanceId( SettingsGroup, 'iacp-settings-group' );
	return (
		<section
			className="iacp-settings__group"
			aria-labelledby={ `${ id }-title` }
			aria-describedby={ `${ id }-description` }
		>
			<Card>
				<CardHeader className="iacp-settings__group-header">
					<h2 id={ `${ id }-title` }>{ title }</h2>
					<p
						id={ `${ id }-description` }
						className="iacp-settings__hint"
					>
						{ description }
					</p>
				</CardHeader>
				<CardBody>
					<div className="iacp-settings__grid">{ children }</div>
					{ after }
				</CardBody>
			</Card>
		</section>
	);
}
