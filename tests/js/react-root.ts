/**
 * A fresh React root for each test of a file: a <div> in the document, mounted before each test and unmounted
 * after it, so no test sees another's DOM.
 */
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';

// React's act() warns unless the test environment says it is one.
(
	globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }
 ).IS_REACT_ACT_ENVIRONMENT = true;

export interface Mounted {
	container: HTMLElement;
	root: Root;
}

export function reactRootPerTest(): Mounted {
	const mounted = {} as Mounted;
	beforeEach( () => {
		mounted.container = document.createElement( 'div' );
		document.body.appendChild( mounted.container );
		mounted.root = createRoot( mounted.container );
	} );
	afterEach( () => {
		act( () => mounted.root.unmount() );
		mounted.container.remove();
	} );
	return mounted;
}
