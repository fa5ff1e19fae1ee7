/**
 * The Jobs screen's filters, described as data (filterFields()) and rendered in one loop — the user and the post
 * as searchable pickers; toJobFilters() turns what the form holds into the REST query.
 */
import { Button, SelectControl, TextControl } from '@wordpress/components';
import { __ } from '@wordpress/i18n';
import {
	JOB_STATUSES,
	JOB_TYPES,
	type JobFilters as RestJobFilters,
	type JobStatus,
	type JobType,
} from '../../api/types';
import { jobTypeLabel, statusLabel } from '../../jobs/labels';
import { JobSubjectPicker } from './JobSubjectPicker';

export const PER_PAGE = 20;

export interface FilterState {
	status: JobStatus | '';
	type: JobType | '';
	user: string;
	post: string;
	search: string;
	after: string;
	before: string;
}

export const EMPTY_FILTERS: FilterState = {
	status: '',
	type: '',
	user: '',
	post: '',
	search: '',
	after: '',
	before: '',
};

type FilterField =
	| {
			key: 'status' | 'type';
			label: string;
			kind: 'select';
			all: string;
			options: Array< { value: string; label: string } >;
	  }
	| {
			key: 'user' | 'post';
			label: string;
			kind: 'picker';
			subjects: 'users' | 'posts';
	  }
	| {
			key: 'search' | 'after' | 'before';
			label: string;
			kind: 'date' | 'search';
	  };

/** Every filter, in the order the form shows them. */
function filterFields(): FilterField[] {
	return [
		{
			key: 'status',
			label: __( 'Status', 'iacp' ),
			kind: 'select',
			all: __( 'All statuses', 'iacp' ),
			options: JOB_STATUSES.map( ( value ) => ( {
				value,
				label: statusLabel( value ),
			} ) ),
		},
		{
			key: 'type',
			label: __( 'Type', 'iacp' ),
			kind: 'select',
			all: __( 'All types', 'iacp' ),
			options: JOB_TYPES.map( ( value ) => ( {
				value,
				label: jobTypeLabel( value ),
			} ) ),
		},
		{
			key: 'user',
			label: __( 'User', 'iacp' ),
			kind: 'picker',
			subjects: 'users',
		},
		{
			key: 'post',
			label: __( 'Post', 'iacp' ),
			kind: 'picker',
			subjects: 'posts',
		},
		{ key: 'after', label: __( 'From', 'iacp' ), kind: 'date' },
		{ key: 'before', label: __( 'To', 'iacp' ), kind: 'date' },
		{ key: 'search', label: __( 'Search jobs', 'iacp' ), kind: 'search' },
	];
}

export function toJobFilters(
	state: FilterState,
	page: number
): RestJobFilters {
	const user = Number( state.user );
	const post = Number( state.post );
	return {
		status: state.status ? [ state.status ] : undefined,
		type: state.type || undefined,
		user: Number.isInteger( user ) && user > 0 ? user : undefined,
		post_id: Number.isInteger( post ) && post > 0 ? post : undefined,
		search: state.search || undefined,
		after: state.after ? `${ state.after }T00:00:00` : undefined,
		before: state.before ? `${ state.before }T23:59:59` : undefined,
		page,
		per_page: PER_PAGE,
	};
}

export function JobFilters( {
	filters,
	onChange,
}: {
	filters: FilterState;
	onChange: ( patch: Partial< FilterState > ) => void;
} ) {
	return (
		<form
			className="iacp-filters"
			role="search"
			aria-label={ __( 'Filter jobs', 'iacp' ) }
			onSubmit={ ( event ) => event.preventDefault() }
		>
			{ filterFields().map( ( field ) => {
				switch ( field.kind ) {
					case 'select':
						return (
							<SelectControl
								key={ field.key }
								label={ field.label }
								value={ filters[ field.key ] }
								options={ [
									{ value: '', label: field.all },
									...field.options,
								] }
								onChange={ ( value ) =>
									onChange( { [ field.key ]: value } )
								}
								__nextHasNoMarginBottom
							/>
						);
					case 'picker':
						return (
							<JobSubjectPicker
								key={ field.key }
								kind={ field.subjects }
								label={ field.label }
								value={ filters[ field.key ] }
								onChange={ ( value ) =>
									onChange( { [ field.key ]: value } )
								}
							/>
						);
					default:
						return (
							<TextControl
								key={ field.key }
								label={ field.label }
								type={ field.kind }
								value={ filters[ field.key ] }
								onChange={ ( value ) =>
									onChange( { [ field.key ]: value } )
								}
								__nextHasNoMarginBottom
							/>
						);
				}
			} ) }
			<Button
				variant="tertiary"
				onClick={ () => onChange( EMPTY_FILTERS ) }
			>
				{ __( 'Clear filters', 'iacp' ) }
			</Button>
		</form>
	);
}
