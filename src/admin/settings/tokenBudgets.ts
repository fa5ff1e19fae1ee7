/**
 * The daily token budgets per role: which roles get a field, and what a typed budget stores.
 */

/** Every role of the site (from the page), plus any role a stored budget names. */
export function budgetRoles(
	budgets: Record< string, number > | undefined
): Record< string, string > {
	const roles = { ...( window.iacpAdminSettings?.roles ?? {} ) };
	for ( const role of Object.keys( budgets ?? {} ) ) {
		roles[ role ] ??= role;
	}
	return roles;
}

/** A role without a positive budget is left out: no limit. */
export function withBudget(
	budgets: Record< string, number > | undefined,
	role: string,
	tokens: number
): Record< string, number > {
	const next = { ...( budgets ?? {} ) };
	if ( Number.isFinite( tokens ) && tokens > 0 ) {
		next[ role ] = Math.floor( tokens );
	} else {
		delete next[ role ];
	}
	return next;
}
