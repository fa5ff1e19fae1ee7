<?php
/**
 * /iacp/v1/batches: start a batch (returns at once), list batches, read one with a page of its items, and the
 * controls (pause, resume, cancel, retry, accept). HTTP only: each decision is BatchService's or BatchLookup's.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\REST;

use IACP\Batches\Batch;
use IACP\Batches\BatchItemRepository;
use IACP\Batches\BatchPresenter;
use IACP\Batches\BatchRepository;
use IACP\Batches\BatchService;
use IACP\Batches\BatchStatus;
use IACP\Security\JobAccess;
use WP_Error;
use WP_REST_Controller;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

final class BatchesController extends WP_REST_Controller {

	private const CONTROLS = array( 'pause', 'resume', 'cancel', 'retry' );

	public function __construct(
		private readonly BatchService $service,
		private readonly BatchRepository $batches,
		private readonly BatchItemRepository $items,
		private readonly BatchPresenter $presenter,
		private readonly BatchLookup $lookup,
		private readonly JobAccess $access
	) {
		$this->namespace = Routes::NAMESPACE;
		$this->rest_base = 'batches';
	}

	public function register_routes(): void {
		$base = '/' . $this->rest_base;
		register_rest_route(
			$this->namespace,
			$base,
			array(
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => array( $this, 'get_items' ),
					'permission_callback' => array( $this->lookup, 'may_use' ),
					'args'                => $this->get_collection_params(),
				),
				array(
					'methods'             => WP_REST_Server::CREATABLE,
					'callback'            => array( $this, 'create_item' ),
					'permission_callback' => array( $this->lookup, 'may_use' ),
				),
			)
		);
		$id = array(
			'id' => array(
				'type'    => 'integer',
				'minimum' => 1,
			),
		);
		register_rest_route(
			$this->namespace,
			$base . '/(?P<id>\d+)',
			array(
				'args' => $id,
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => array( $this, 'get_item' ),
					'permission_callback' => array( $this, 'visible' ),
					'args'                => array(
						'items_page'     => array(
							'type'    => 'integer',
							'default' => 1,
							'minimum' => 1,
						),
						'items_per_page' => array(
							'type'    => 'integer',
							'default' => 50,
							'minimum' => 1,
							'maximum' => 100,
						),
						'item_status'    => array(
							'type' => 'string',
							'enum' => BatchStatus::ITEM_ALL,
						),
					),
				),
			)
		);
		register_rest_route(
			$this->namespace,
			$base . '/(?P<id>\d+)/(?P<control>' . implode( '|', self::CONTROLS ) . ')',
			array(
				'args' => $id,
				array(
					'methods'             => WP_REST_Server::CREATABLE,
					'callback'            => array( $this, 'control' ),
					'permission_callback' => array( $this, 'visible' ),
				),
			)
		);
		register_rest_route(
			$this->namespace,
			$base . '/(?P<id>\d+)/accept',
			array(
				'args' => $id,
				array(
					'methods'             => WP_REST_Server::CREATABLE,
					'callback'            => array( $this, 'accept' ),
					'permission_callback' => array( $this, 'visible' ),
				),
			)
		);
	}

	/**
	 * @return array<string, array<string, mixed>>
	 */
	public function get_collection_params(): array {
		return array(
			'page'     => array(
				'type'    => 'integer',
				'default' => 1,
				'minimum' => 1,
			),
			'per_page' => array(
				'type'    => 'integer',
				'default' => 20,
				'minimum' => 1,
				'maximum' => 100,
			),
			'status'   => array(
				'type' => 'string',
				'enum' => BatchStatus::ALL,
			),
		);
	}

	/**
	 * @param WP_REST_Request<array<string, mixed>> $request Request.
	 */
	public function visible( $request ): true|WP_Error {
		$batch = $this->lookup->visible( (int) $request['id'] );
		return $batch instanceof WP_Error ? $batch : true;
	}

	/**
	 * @param WP_REST_Request<array<string, mixed>> $request Request.
	 */
	public function get_items( $request ): WP_REST_Response {
		$page             = (int) $request['page'];
		$per_page         = (int) $request['per_page'];
		$owner            = $this->access->can_manage() ? null : get_current_user_id();
		$status           = isset( $request['status'] ) ? (string) $request['status'] : null;
		[ $list, $total ] = $this->batches->page( $owner, $status, $page, $per_page );
		$response         = new WP_REST_Response( array_map( array( $this->presenter, 'batch' ), $list ) );
		$response->header( 'X-WP-Total', (string) $total );
		$response->header( 'X-WP-TotalPages', (string) (int) ceil( $total / $per_page ) );
		return $response;
	}

	/**
	 * @param WP_REST_Request<array<string, mixed>> $request Request.
	 */
	public function create_item( $request ): WP_REST_Response|WP_Error {
		$params = $request->get_json_params();
		if ( ! is_array( $params ) ) {
			return new WP_Error(
				'iacp_invalid_param',
				__( 'Send a JSON object.', 'iacp' ),
				array(
					'status' => 400,
					'field'  => 'body',
				)
			);
		}
		$batch = $this->service->create( $params, get_current_user_id() );
		if ( $batch instanceof WP_Error ) {
			return $batch;
		}
		$response = new WP_REST_Response( $this->presenter->batch( $batch ), 201 );
		$response->header( 'Location', rest_url( sprintf( '%s/%s/%d', $this->namespace, $this->rest_base, $batch->id ) ) );
		return $response;
	}

	/**
	 * @param WP_REST_Request<array<string, mixed>> $request Request.
	 */
	public function get_item( $request ): WP_REST_Response|WP_Error {
		$batch = $this->lookup->visible( (int) $request['id'] );
		if ( $batch instanceof WP_Error ) {
			return $batch;
		}
		$status           = isset( $request['item_status'] ) ? (string) $request['item_status'] : null;
		[ $rows, $total ] = $this->items->page( $batch->id, $status, (int) $request['items_page'], (int) $request['items_per_page'] );
		return new WP_REST_Response(
			array(
				'batch'       => $this->presenter->batch( $batch ),
				'items'       => array_map( fn( array $row ): array => $this->presenter->item( $batch, $row ), $rows ),
				'items_total' => $total,
			)
		);
	}

	/**
	 * @param WP_REST_Request<array<string, mixed>> $request Request.
	 */
	public function control( $request ): WP_REST_Response|WP_Error {
		$batch = $this->lookup->visible( (int) $request['id'] );
		if ( $batch instanceof WP_Error ) {
			return $batch;
		}
		$result = match ( (string) $request['control'] ) {
			'pause' => $this->service->pause( $batch ),
			'resume' => $this->service->resume( $batch ),
			'cancel' => $this->service->cancel( $batch ),
			default => $this->service->retry( $batch ),
		};
		return $result instanceof Batch ? new WP_REST_Response( $this->presenter->batch( $result ) ) : $result;
	}

	/**
	 * @param WP_REST_Request<array<string, mixed>> $request Request.
	 */
	public function accept( $request ): WP_REST_Response|WP_Error {
		$batch = $this->lookup->visible( (int) $request['id'] );
		if ( $batch instanceof WP_Error ) {
			return $batch;
		}
		$body      = (array) $request->get_json_params();
		$decisions = $this->decisions( $body, $batch );
		if ( $decisions instanceof WP_Error ) {
			return $decisions;
		}
		$outcome = $this->service->decide( $batch, $decisions, get_current_user_id() );
		return new WP_REST_Response( array( 'batch' => $this->presenter->batch( $this->service->find( $batch->id ) ?? $batch ) ) + $outcome );
	}

	/**
	 * @param array<string, mixed> $body Request body.
	 * @return list<array{item: int, decision: string, value?: string}>|WP_Error
	 */
	private function decisions( array $body, Batch $batch ): array|WP_Error {
		if ( true === ( $body['all'] ?? null ) && ! isset( $body['decisions'] ) ) {
			return $this->service->all_in_review( $batch );
		}
		$list = $body['decisions'] ?? null;
		if ( ! is_array( $list ) || array() === $list || ! array_is_list( $list ) || count( $list ) > 500 ) {
			return $this->invalid( 'decisions', __( 'Send decisions (a list of 1 to 500) or all: true.', 'iacp' ) );
		}
		$clean = array();
		foreach ( $list as $index => $decision ) {
			$field = sprintf( 'decisions[%d]', $index );
			if ( ! is_array( $decision ) || ! is_int( $decision['item'] ?? null ) || ! in_array( $decision['decision'] ?? null, array( 'accept', 'reject' ), true ) ) {
				return $this->invalid( $field, __( 'Each decision needs item (an integer) and decision (accept or reject).', 'iacp' ) );
			}
			$one = array(
				'item'     => $decision['item'],
				'decision' => (string) $decision['decision'],
			);
			if ( isset( $decision['value'] ) ) {
				if ( ! is_string( $decision['value'] ) || mb_strlen( $decision['value'] ) > 10000 ) {
					return $this->invalid( $field . '.value', __( 'value must be text of at most 10,000 characters.', 'iacp' ) );
				}
				$one['value'] = $decision['value'];
			}
			$clean[] = $one;
		}
		return $clean;
	}

	private function invalid( string $field, string $message ): WP_Error {
		return new WP_Error(
			'iacp_invalid_param',
			$message,
			array(
				'status' => 400,
				'field'  => $field,
			)
		);
	}
}
