/**
 * Reading and writing an admin screen's own query arguments (`tools.php?page=iacp-jobs&status=failed …`), shared by
 * the Jobs and Batches screens. URLSearchParams rather than @wordpress/url: it keeps the other arguments exactly as
 * they were written (page=…) and leaves out empty ones. Pure functions, tested in Jest.
 */

/** The value if it is one of `values`; '' for anything else (a typo, a value an older version knew). */
export function oneOf< T extends string >(
	values: readonly T[],
	value: string | null
): T | '' {
	return ( values as readonly string[] ).includes( value ?? '' )
		? ( value as T )
		: '';
}

/** A positive whole number as a URL writes it (no sign, no leading zero, at most `digits` digits), or ''. */
export function positiveIntegerArg(
	value: string | null,
	digits: number
): string {
	return value !== null &&
		new RegExp( `^[1-9]\\d{0,${ digits - 1 }}$` ).test( value )
		? value
		: '';
}

/**
 * The query string with this screen's arguments replaced by `own` (every key is the screen's; an empty value is
 * left out) and every other argument kept; '' when nothing is left, else `?…`.
 */
export function withScreenArgs(
	current: string,
	own: Record< string, string >
): string {
	const args = new URLSearchParams( current );
	Object.keys( own ).forEach( ( name ) => args.delete( name ) );
	Object.entries( own ).forEach( ( [ name, value ] ) => {
		if ( value !== '' ) {
			args.set( name, value );
		}
	} );
	const query = args.toString();
	return query === '' ? '' : `?${ query }`;
}
