/**
 * The job detail's result, readable at a glance: images as thumbnails linking to their Media Library attachments,
 * a post field as before and after with whether it was applied, text as text. Rendered with react-dom in jsdom.
 */
import { act } from 'react';
import type { Job } from '@iacp/api/types';
import { JobResultView } from '@iacp/admin/jobs/detail/JobResultView';
import { reactRootPerTest } from './react-root';

const mounted = reactRootPerTest();

function render( job: Partial< Job > ) {
	act( () =>
		mounted.root.render(
			<JobResultView
				job={
					{
						id: 'job-1',
						status: 'completed',
						input: {},
						result: null,
						checkpoint: null,
						...job,
					} as Job
				}
			/>
		)
	);
}

function figure( caption: string ): HTMLElement | null {
	const figures = Array.from(
		mounted.container.querySelectorAll( 'figure' )
	);
	return (
		figures.find(
			( item ) =>
				item.querySelector( 'figcaption' )?.textContent === caption
		) ?? null
	);
}

describe( 'image results', () => {
	const images = {
		images: [
			{
				index: 0,
				status: 'completed',
				preview_url: null,
				attachment_id: 42,
				url: 'http://example.org/wp-content/uploads/a.png',
			},
			{
				index: 1,
				status: 'completed',
				preview_url: 'http://example.org/preview/b.png',
				attachment_id: null,
				url: null,
			},
		],
	};

	it( 'shows a saved image as a thumbnail linking to its attachment', () => {
		render( { type: 'image', result: images } );
		const image = mounted.container.querySelector(
			'img[alt="Generated image 1"]'
		);
		expect( image?.getAttribute( 'src' ) ).toBe(
			'http://example.org/wp-content/uploads/a.png'
		);
		const link = image?.closest( 'a' );
		expect( link ).not.toBeNull();
		const href = new URL(
			link?.getAttribute( 'href' ) ?? '',
			'http://example.org/wp-admin/'
		);
		expect( href.pathname ).toBe( '/wp-admin/post.php' );
		expect( href.searchParams.get( 'post' ) ).toBe( '42' );
		expect( href.searchParams.get( 'action' ) ).toBe( 'edit' );
		expect( image?.closest( 'li' )?.textContent ).toContain(
			'In the Media Library'
		);
	} );

	it( 'shows an unsaved image by its preview, without a link', () => {
		render( { type: 'image', result: images } );
		const image = mounted.container.querySelector(
			'img[alt="Generated image 2"]'
		);
		expect( image?.getAttribute( 'src' ) ).toBe(
			'http://example.org/preview/b.png'
		);
		expect( image?.closest( 'a' ) ).toBeNull();
		expect( image?.closest( 'li' )?.textContent ).toContain( 'Not saved' );
	} );

	it( 'shows what a running job saved so far under its own heading', () => {
		render( {
			type: 'image',
			status: 'processing',
			checkpoint: images,
		} );
		expect( mounted.container.querySelector( 'h3' )?.textContent ).toBe(
			'Saved so far'
		);
		expect( mounted.container.querySelectorAll( 'img' ) ).toHaveLength( 2 );
	} );
} );

describe( 'post field results', () => {
	it( 'shows the field before and after, applied', () => {
		render( {
			type: 'post_field',
			input: { field: 'excerpt', instruction: '' },
			result: {
				field: 'excerpt',
				applied: true,
				original: 'The old excerpt.',
				suggestion: 'A sharper excerpt.',
			},
		} );
		expect(
			figure( 'Before' )?.querySelector( '.iacp-detail__text' )
				?.textContent
		).toBe( 'The old excerpt.' );
		expect(
			figure( 'After' )?.querySelector( '.iacp-detail__text' )
				?.textContent
		).toBe( 'A sharper excerpt.' );
		expect( mounted.container.textContent ).toContain(
			'Applied to the post.'
		);
	} );

	it( 'shows a kept newer edit as not applied, with the suggestion as after and an empty before named', () => {
		render( {
			type: 'post_field',
			input: { field: 'title', instruction: '' },
			result: {
				field: 'title',
				applied: false,
				reason: 'newer_edit',
				original: '',
				suggestion: 'A suggested title',
			},
		} );
		expect(
			figure( 'Before' )?.querySelector( '.iacp-detail__text' )
				?.textContent
		).toBe( '(empty)' );
		expect(
			figure( 'After' )?.querySelector( '.iacp-detail__text' )
				?.textContent
		).toBe( 'A suggested title' );
		expect( mounted.container.textContent ).toContain(
			'Not applied: a newer edit by a person was kept.'
		);
	} );
} );

describe( 'other results', () => {
	it( 'shows text as text, not JSON', () => {
		render( {
			type: 'text',
			result: { text: 'Plain words.', html: '<p>Plain words.</p>' },
		} );
		expect(
			mounted.container.querySelector( '.iacp-detail__text' )?.textContent
		).toBe( 'Plain words.' );
		expect( mounted.container.querySelector( 'pre' ) ).toBeNull();
	} );

	it( 'shows no result section for a job that produced nothing', () => {
		render( { type: 'text', status: 'failed', result: null } );
		expect( mounted.container.innerHTML ).toBe( '' );
	} );
} );
