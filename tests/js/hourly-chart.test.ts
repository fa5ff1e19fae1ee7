/**
 * The queue chart's 24 labelled hourly bars: the last 24 hours, oldest first, labelled in the site's time.
 */
import { getSettings, setSettings } from '@wordpress/date';
import { chartBars } from '@iacp/admin/jobs/HourlyChart';

const original = getSettings();

beforeAll( () => {
	// A site in Berlin (UTC+1 in November) with the formats Settings → General saves.
	setSettings( {
		...original,
		formats: { ...original.formats, date: 'F j, Y', time: 'g:i a' },
		timezone: {
			offset: 1,
			offsetFormatted: '+1',
			string: 'Europe/Berlin',
			abbr: 'CET',
		},
	} );
} );

afterAll( () => setSettings( original ) );

describe( 'chartBars', () => {
	const hourly = Array.from( { length: 30 }, ( _, index ) => ( {
		hour: new Date( Date.UTC( 2026, 10, 29, index ) ).toISOString(),
		completed: index === 29 ? 8 : 1,
		failed: index === 29 ? 2 : 0,
	} ) );

	it( 'draws the last 24 hours, oldest first, each labelled in site time', () => {
		const bars = chartBars( hourly );
		expect( bars ).toHaveLength( 24 );
		expect( bars[ 0 ]?.hour ).toBe( hourly[ 6 ]?.hour );
		// 06:00 UTC is 7:00 am in Berlin.
		expect( bars[ 0 ]?.label ).toBe( '7:00 am' );
		expect( bars.filter( ( bar ) => bar.labelled ) ).toHaveLength( 8 );
	} );

	it( 'scales every bar to the busiest hour', () => {
		const bars = chartBars( hourly );
		const last = bars[ 23 ];
		expect( last?.completedHeight ).toBe( 80 );
		expect( last?.failedHeight ).toBe( 20 );
		expect( bars[ 0 ]?.completedHeight ).toBe( 10 );
	} );
} );
