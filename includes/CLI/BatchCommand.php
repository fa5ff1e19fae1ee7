<?php
/**
 * `wp iacp batch`: start a batch over posts or images from the command line, list batches, show one, cancel or
 * retry one. A batch belongs to the user WP-CLI runs as (`--user=`): their rights and budget apply to every item.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\CLI;

use IACP\Batches\Batch;
use IACP\Batches\BatchPresenter;
use IACP\Batches\BatchRepository;
use IACP\Batches\BatchService;
use WP_CLI;

final class BatchCommand {

	private const FIELDS = array( 'id', 'action', 'mode', 'status', 'total', 'done', 'failed', 'skipped', 'review', 'waiting', 'tokens', 'user', 'created_at' );

	public function __construct(
		private readonly BatchService $service,
		private readonly BatchRepository $batches,
		private readonly BatchPresenter $presenter
	) {}

	/**
	 * Starts a batch; it is planned and worked in the background (by the workers, cron or the instant kick).
	 *
	 * ## OPTIONS
	 *
	 * <action>
	 * : excerpt, title, featured_image or alt_text.
	 *
	 * [--post_type=<type>]
	 * : Post type (default post; attachment for alt_text).
	 *
	 * [--status=<status>]
	 * : Only posts in this status.
	 *
	 * [--category=<id>]
	 * : Only posts in this category.
	 *
	 * [--author=<id>]
	 * : Only posts by this user.
	 *
	 * [--search=<text>]
	 * : Only posts matching this search.
	 *
	 * [--missing]
	 * : Only posts (or images) whose field is empty.
	 *
	 * [--limit=<n>]
	 * : At most this many items.
	 *
	 * [--review]
	 * : Keep results for review instead of writing them.
	 *
	 * [--replace]
	 * : alt_text: also images that already have alt text.
	 *
	 * [--dry-run]
	 * : Say how many items the batch would have; start nothing.
	 *
	 * [--format=<format>]
	 * : Output format.
	 * ---
	 * default: table
	 * options:
	 *   - table
	 *   - json
	 * ---
	 *
	 * @param list<string>         $args  The action.
	 * @param array<string, mixed> $assoc Flags.
	 */
	public function start( array $args, array $assoc ): void {
		$user = get_current_user_id();
		if ( 0 === $user ) {
			WP_CLI::error( 'Run it as the batch\'s owner: --user=<id|login|email> (their rights and budget apply).' );
		}
		$action = (string) ( $args[0] ?? '' );
		$filter = array( 'post_type' => (string) ( $assoc['post_type'] ?? ( 'alt_text' === $action ? 'attachment' : 'post' ) ) );
		foreach ( array( 'status', 'search' ) as $key ) {
			if ( isset( $assoc[ $key ] ) ) {
				$filter[ $key ] = (string) $assoc[ $key ];
			}
		}
		foreach ( array( 'category', 'author' ) as $key ) {
			if ( isset( $assoc[ $key ] ) ) {
				$filter[ $key ] = ctype_digit( (string) $assoc[ $key ] ) ? (int) $assoc[ $key ] : -1;
			}
		}
		if ( ! empty( $assoc['missing'] ) ) {
			$filter['missing'] = true;
		}
		$params = array(
			'action'  => $action,
			'mode'    => empty( $assoc['review'] ) ? 'apply' : 'review',
			'filter'  => $filter,
			'replace' => ! empty( $assoc['replace'] ),
		);
		if ( isset( $assoc['limit'] ) ) {
			$params['limit'] = ctype_digit( (string) $assoc['limit'] ) ? (int) $assoc['limit'] : -1;
		}
		if ( ! empty( $assoc['dry-run'] ) ) {
			$count = $this->service->preview( $params, $user );
			if ( is_wp_error( $count ) ) {
				$this->fail( $count );
			}
			WP_CLI::success( sprintf( 'Dry run: the batch would have %d items. Nothing was started.', $count ) );
			return;
		}
		$batch = $this->service->create( $params, $user );
		if ( is_wp_error( $batch ) ) {
			$this->fail( $batch );
		}
		$this->show( $batch, (string) ( $assoc['format'] ?? 'table' ) );
		WP_CLI::success( sprintf( 'Batch %d started.', $batch->id ) );
	}

	/**
	 * Lists batches, newest first (the current user's; everyone's for users who manage AI jobs or without --user).
	 *
	 * ## OPTIONS
	 *
	 * [--status=<status>]
	 * : Only batches in this status.
	 *
	 * [--format=<format>]
	 * : Output format.
	 * ---
	 * default: table
	 * options:
	 *   - table
	 *   - json
	 *   - count
	 * ---
	 *
	 * @subcommand list
	 *
	 * @param list<string>         $args  None.
	 * @param array<string, mixed> $assoc Flags.
	 */
	public function list_( array $args, array $assoc ): void {
		$owner            = 0 === get_current_user_id() || current_user_can( 'iacp_manage_jobs' ) ? null : get_current_user_id();
		[ $list, $total ] = $this->batches->page( $owner, isset( $assoc['status'] ) ? (string) $assoc['status'] : null, 1, 100 );
		$format           = (string) ( $assoc['format'] ?? 'table' );
		if ( 'count' === $format ) {
			WP_CLI::line( (string) $total );
			return;
		}
		$shown = array_map( array( $this->presenter, 'batch' ), $list );
		if ( 'json' === $format ) {
			WP_CLI::line( (string) wp_json_encode( $shown ) );
			return;
		}
		WP_CLI\Utils\format_items( 'table', array_map( array( $this, 'row' ), $shown ), self::FIELDS );
	}

	/**
	 * Shows one batch: status, counts, tokens, time left.
	 *
	 * ## OPTIONS
	 *
	 * <id>
	 * : The batch's ID.
	 *
	 * [--format=<format>]
	 * : Output format.
	 * ---
	 * default: table
	 * options:
	 *   - table
	 *   - json
	 * ---
	 *
	 * @param list<string>         $args  The ID.
	 * @param array<string, mixed> $assoc Flags.
	 */
	public function status( array $args, array $assoc ): void {
		$this->show( $this->find( $args ), (string) ( $assoc['format'] ?? 'table' ) );
	}

	/**
	 * Cancels a batch: jobs not yet started are taken back; running ones finish.
	 *
	 * ## OPTIONS
	 *
	 * <id>
	 * : The batch's ID.
	 *
	 * @param list<string> $args The ID.
	 */
	public function cancel( array $args ): void {
		$batch = $this->service->cancel( $this->find( $args ) );
		if ( is_wp_error( $batch ) ) {
			$this->fail( $batch );
		}
		WP_CLI::success( sprintf( 'Batch %d cancelled.', $batch->id ) );
	}

	/**
	 * Queues the failed items of a batch again (a new job each).
	 *
	 * ## OPTIONS
	 *
	 * <id>
	 * : The batch's ID.
	 *
	 * @param list<string> $args The ID.
	 */
	public function retry( array $args ): void {
		$batch = $this->service->retry( $this->find( $args ) );
		if ( is_wp_error( $batch ) ) {
			$this->fail( $batch );
		}
		WP_CLI::success( sprintf( 'Failed items of batch %d queued again.', $batch->id ) );
	}

	/**
	 * The batch an ID names, when the current user may see it (any batch without --user, as WP-CLI is the site's
	 * operator then).
	 *
	 * @param list<string> $args Arguments.
	 */
	private function find( array $args ): Batch {
		$id    = ctype_digit( (string) ( $args[0] ?? '' ) ) ? (int) $args[0] : 0;
		$batch = $id > 0 ? $this->service->find( $id ) : null;
		$user  = get_current_user_id();
		if ( null === $batch || ( 0 !== $user && $user !== $batch->user_id && ! current_user_can( 'iacp_manage_jobs' ) ) ) {
			WP_CLI::error( sprintf( 'No batch with id %s.', (string) ( $args[0] ?? '' ) ) );
		}
		return $batch;
	}

	private function show( Batch $batch, string $format ): void {
		$shown = $this->presenter->batch( $batch );
		if ( 'json' === $format ) {
			WP_CLI::line( (string) wp_json_encode( $shown ) );
			return;
		}
		WP_CLI\Utils\format_items( 'table', array( $this->row( $shown ) ), self::FIELDS );
		if ( null !== $shown['pause_message'] ) {
			WP_CLI::line( (string) $shown['pause_message'] );
		}
	}

	/**
	 * @param array<string, mixed> $batch A presented batch.
	 * @return array<string, mixed>
	 */
	private function row( array $batch ): array {
		return array(
			'id'         => $batch['id'],
			'action'     => $batch['action'],
			'mode'       => $batch['mode'],
			'status'     => $batch['status'],
			'total'      => $batch['counts']['total'],
			'done'       => $batch['counts']['done'] + $batch['counts']['accepted'],
			'failed'     => $batch['counts']['failed'],
			'skipped'    => $batch['counts']['skipped'],
			'review'     => $batch['counts']['review'],
			'waiting'    => $batch['counts']['waiting'] + $batch['counts']['running'],
			'tokens'     => $batch['tokens'],
			'user'       => $batch['user']['name'],
			'created_at' => $batch['created_at'],
		);
	}

	private function fail( \WP_Error $error ): never {
		$data  = (array) $error->get_error_data();
		$field = isset( $data['field'] ) ? ' (' . (string) $data['field'] . ')' : '';
		WP_CLI::error( $error->get_error_message() . $field );
	}
}
