/**
 * A determinate progress bar that works on every supported WordPress (core's ProgressBar is not on 6.5).
 */
export function ProgressBar( {
	value,
	label,
}: {
	value: number;
	label: string;
} ) {
	const clamped = Math.min( 100, Math.max( 0, Math.round( value ) ) );
	return (
		<div
			className="iacp-progress"
			role="progressbar"
			aria-label={ label }
			aria-valuemin={ 0 }
			aria-valuemax={ 100 }
			aria-valuenow={ clamped }
		>
			<div
				className="iacp-progress__bar"
				style={ { width: `${ clamped }%` } }
			/>
		</div>
	);
}
