/**
 * The sentence a job screen shows for a post_field or alt_text result: written, waiting for review, skipped, or
 * kept back because a person's edit won.
 */
import { writeOutcome } from '@iacp/jobs/writeOutcome';

describe( 'writeOutcome', () => {
	it( 'says where an applied value went', () => {
		expect( writeOutcome( 'post_field', { applied: true } ) ).toBe(
			'Applied to the post.'
		);
		expect( writeOutcome( 'alt_text', { applied: true } ) ).toBe(
			'Written as the image’s alt text.'
		);
	} );

	it( 'does not call a review result a lost race', () => {
		expect(
			writeOutcome( 'post_field', { applied: false, review: true } )
		).toBe( 'Waiting for review: nothing was written yet.' );
	} );

	it( 'tells a skipped image from a person’s newer edit', () => {
		expect(
			writeOutcome( 'alt_text', {
				applied: false,
				skipped: true,
				note: 'has_alt_text',
			} )
		).toContain( 'Skipped' );
		expect(
			writeOutcome( 'alt_text', {
				applied: false,
				note: 'has_alt_text',
				reason: 'newer_edit',
			} )
		).toContain( 'a newer edit by a person was kept' );
	} );
} );
