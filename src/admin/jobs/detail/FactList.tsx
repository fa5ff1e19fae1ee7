/**
 * Label/value pairs as a description list; pairs without a value are left out.
 */
import type { ReactNode } from 'react';

export type Fact = [ string, ReactNode | null | undefined | false ];

export function FactList( {
	facts,
	className,
}: {
	facts: Fact[];
	className?: string;
} ) {
	const shown = facts.filter(
		( [ , value ] ) =>
			value !== null && value !== undefined && value !== false
	);
	return (
		<dl className={ `iacp-facts ${ className ?? '' }`.trim() }>
			{ shown.map( ( [ label, value ] ) => (
				<div key={ label } className="iacp-facts__row">
					<dt>{ label }</dt>
					<dd>{ value }</dd>
				</div>
			) ) }
		</dl>
	);
}
