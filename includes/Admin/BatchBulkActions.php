<?php
/**
 * The list screens' side of batches: "… with AI" bulk actions on every post type's list (where the post type has an
 * editor UI and the field the action writes) and on the Media Library's list view; a choice of review or apply and
 * an "all N matching this filter" box next to the filters; the start (the selected items, or the whole filter),
 * which goes to the batch's page at once; and a notice on the list screen while a batch from it runs.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\Admin;

use IACP\Batches\BatchAction;
use IACP\Batches\BatchRepository;
use IACP\Batches\BatchService;
use IACP\Batches\BatchStatus;
use IACP\Batches\BatchItemRepository;
use IACP\Jobs\JobTypeRegistry;
use IACP\Security\JobAccess;
use IACP\Service;

final class BatchBulkActions implements Service {

	/** Bulk action names carry this prefix before the batch action. */
	public const PREFIX = 'iacp_batch_';

	/** Seconds a start's refusal waits to be shown after the redirect. */
	private const ERROR_TTL = 120;

	/**
	 * @param \Closure(): BatchService $service Builds the batch service (on first use).
	 */
	public function __construct(
		private readonly \Closure $service,
		private readonly BatchRepository $batches,
		private readonly BatchItemRepository $items,
		private readonly JobAccess $access,
		private readonly JobTypeRegistry $types
	) {}

	public function register(): void {
		add_action( 'admin_init', array( $this, 'add_bulk_actions' ) );
		add_action( 'load-edit.php', array( $this, 'handle' ) );
		add_action( 'load-upload.php', array( $this, 'handle' ) );
		add_action( 'restrict_manage_posts', array( $this, 'render_options' ), 10, 2 );
		add_action( 'admin_notices', array( $this, 'render_notices' ) );
	}

	/**
	 * The actions a post type's list offers the current user.
	 *
	 * @return array<string, string> Bulk action name => label.
	 */
	public function actions_for( string $post_type ): array {
		$actions = array();
		foreach ( BatchAction::ALL as $action ) {
			$type = BatchAction::job_type( $action );
			if ( BatchAction::fits_post_type( $action, $post_type ) && $this->types->has( $type ) && $this->access->can_start( $type ) ) {
				$actions[ self::PREFIX . $action ] = BatchAction::label( $action );
			}
		}
		return $actions;
	}

	public function add_bulk_actions(): void {
		foreach ( get_post_types( array( 'show_ui' => true ) ) as $post_type ) {
			$screen = 'attachment' === $post_type ? 'upload' : 'edit-' . $post_type;
			add_filter(
				'bulk_actions-' . $screen,
				function ( $actions ) use ( $post_type ): array {
					return array_merge( (array) $actions, $this->actions_for( $post_type ) );
				}
			);
		}
	}

	/**
	 * Starts the batch before WordPress's own bulk handling (which ignores a submit with nothing ticked, and "all
	 * matching" needs none ticked).
	 */
	public function handle(): void {
		$action = $this->requested_action();
		if ( null === $action ) {
			return;
		}
		$post_type = $this->post_type();
		check_admin_referer( 'attachment' === $post_type ? 'bulk-media' : 'bulk-posts' );
		$params = array(
			'action' => $action,
			'mode'   => 'review' === $this->field( 'iacp_batch_mode' ) ? 'review' : 'apply',
		);
		if ( '1' === $this->field( 'iacp_all_matching' ) ) {
			$params['filter'] = $this->filter_from_request( $post_type );
		} else {
			$ids                = $this->selected_ids();
			$params['post_ids'] = $ids;
		}
		$batch = ( $this->service )()->create( $params, get_current_user_id() );
		if ( is_wp_error( $batch ) ) {
			set_transient( $this->error_key(), $batch->get_error_message(), self::ERROR_TTL );
			wp_safe_redirect( add_query_arg( 'iacp_batch_error', '1', (string) wp_get_referer() ) );
			exit;
		}
		wp_safe_redirect( self::batch_url( $batch->id ) );
		exit;
	}

	public static function batch_url( int $batch_id ): string {
		return add_query_arg(
			array(
				'page'  => 'iacp-batches',
				'batch' => $batch_id,
			),
			admin_url( 'tools.php' )
		);
	}

	/**
	 * The review/apply choice and the "all N matching" box, beside the filters above the list.
	 *
	 * @param string $post_type The list's post type.
	 * @param string $which     top or bottom.
	 */
	public function render_options( $post_type, $which = 'top' ): void {
		if ( 'top' !== $which || array() === $this->actions_for( (string) $post_type ) ) {
			return;
		}
		global $wp_query;
		$matching = $wp_query instanceof \WP_Query ? (int) $wp_query->found_posts : 0;
		echo '<span class="iacp-batch-options" style="display:inline-block;margin:0 8px">';
		printf(
			'<label class="screen-reader-text" for="iacp-batch-mode">%1$s</label><select name="iacp_batch_mode" id="iacp-batch-mode"><option value="apply">%2$s</option><option value="review">%3$s</option></select> ',
			esc_html__( 'AI bulk actions', 'iacp' ),
			esc_html__( 'AI: apply results at once', 'iacp' ),
			esc_html__( 'AI: review results first', 'iacp' )
		);
		printf(
			'<label><input type="checkbox" name="iacp_all_matching" value="1" /> %s</label>',
			esc_html(
				sprintf(
					/* translators: %s: number of items matching the list's current filter. */
					_n( 'AI bulk action: the %s item matching this filter, not only those ticked', 'AI bulk action: all %s items matching this filter, not only those ticked', $matching, 'iacp' ),
					number_format_i18n( $matching )
				)
			)
		);
		echo '</span>';
	}

	/**
	 * A refused start, and the current user's batches from this list that are still at work.
	 */
	public function render_notices(): void {
		$screen = function_exists( 'get_current_screen' ) ? get_current_screen() : null;
		if ( null === $screen || ! in_array( $screen->base, array( 'edit', 'upload' ), true ) ) {
			return;
		}
		$error = get_transient( $this->error_key() );
		if ( is_string( $error ) && '' !== $error ) {
			delete_transient( $this->error_key() );
			printf( '<div class="notice notice-error is-dismissible"><p>%s</p></div>', esc_html( $error ) );
		}
		$post_type = 'upload' === $screen->base ? 'attachment' : (string) $screen->post_type;
		foreach ( $this->batches->active_for( get_current_user_id(), $post_type ) as $batch ) {
			$counts = $this->items->counts( $batch->id );
			$ended  = array_sum( $counts ) - $counts[ BatchStatus::ITEM_WAITING ] - $counts[ BatchStatus::ITEM_RUNNING ];
			$state  = BatchStatus::PAUSED === $batch->status ? __( 'paused', 'iacp' ) : __( 'running', 'iacp' );
			printf(
				'<div class="notice notice-info"><p>%s <a href="%s">%s</a></p></div>',
				esc_html(
					sprintf(
						/* translators: 1: batch action label, 2: running or paused, 3: items finished, 4: items in the batch. */
						__( 'AI batch “%1$s” is %2$s: %3$s of %4$s done.', 'iacp' ),
						BatchAction::label( $batch->action ),
						$state,
						number_format_i18n( $ended ),
						number_format_i18n( max( $batch->total, array_sum( $counts ) ) )
					)
				),
				esc_url( self::batch_url( $batch->id ) ),
				esc_html__( 'See its progress', 'iacp' )
			);
		}
	}

	private function requested_action(): ?string {
		foreach ( array( 'action', 'action2' ) as $key ) {
			$value = $this->field( $key );
			if ( str_starts_with( $value, self::PREFIX ) ) {
				$action = substr( $value, strlen( self::PREFIX ) );
				return in_array( $action, BatchAction::ALL, true ) ? $action : null;
			}
		}
		return null;
	}

	private function post_type(): string {
		global $typenow, $pagenow;
		if ( 'upload.php' === $pagenow ) {
			return 'attachment';
		}
		return is_string( $typenow ) && '' !== $typenow ? $typenow : 'post';
	}

	/**
	 * @return list<int>
	 */
	private function selected_ids(): array {
		// phpcs:disable WordPress.Security.NonceVerification.Recommended -- checked in handle() before this is read.
		$ids = array();
		if ( isset( $_REQUEST['post'] ) ) {
			$ids = array_map( 'absint', wp_unslash( (array) $_REQUEST['post'] ) );
		} elseif ( isset( $_REQUEST['media'] ) ) {
			$ids = array_map( 'absint', wp_unslash( (array) $_REQUEST['media'] ) );
		}
		// phpcs:enable WordPress.Security.NonceVerification.Recommended
		return array_values( array_filter( $ids ) );
	}

	/**
	 * The list's current filter (status, category, author, search) as a batch filter.
	 *
	 * @return array<string, mixed>
	 */
	private function filter_from_request( string $post_type ): array {
		$filter = array( 'post_type' => $post_type );
		$status = $this->field( 'post_status' );
		if ( '' !== $status && 'all' !== $status && 'attachment' !== $post_type ) {
			$filter['status'] = $status;
		}
		foreach ( array(
			'cat'    => 'category',
			'author' => 'author',
		) as $query_var => $key ) {
			$value = absint( $this->field( $query_var ) );
			if ( $value > 0 ) {
				$filter[ $key ] = $value;
			}
		}
		$search = $this->field( 's' );
		if ( '' !== $search ) {
			$filter['search'] = $search;
		}
		return $filter;
	}

	private function field( string $key ): string {
		// phpcs:ignore WordPress.Security.NonceVerification.Recommended -- a bulk action's nonce is checked in handle() before anything is started.
		return isset( $_REQUEST[ $key ] ) && is_string( $_REQUEST[ $key ] ) ? sanitize_text_field( wp_unslash( $_REQUEST[ $key ] ) ) : '';
	}

	private function error_key(): string {
		return 'iacp_batch_error_' . get_current_user_id();
	}
}
