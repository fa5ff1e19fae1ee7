<?php
/**
 * GET/POST /iacp/v1/settings (managers): provider, models, timeouts, retries, retention, limits and budgets.
 * The API key is write-only: answers say whether one is set and where it comes from, never the key; it is only
 * sent to the saved base URL's origin, which moves only together with the key.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\REST;

use IACP\Jobs\PermanentJobError;
use IACP\Jobs\RetryableJobError;
use IACP\Providers\OpenAiCompatibleProvider;
use IACP\Providers\ProviderConfig;
use IACP\Providers\UrlOrigin;
use IACP\Security\Capabilities;
use IACP\Settings\ApiKeyStore;
use IACP\Settings\Settings;
use IACP\Settings\ConnectorSettings;
use WP_Error;
use WP_REST_Controller;
use WP_REST_Request;
use WP_REST_Response;
use WP_REST_Server;

final class SettingsController extends WP_REST_Controller {

	public function __construct(
		private readonly Settings $settings,
		private readonly ApiKeyStore $api_key
	) {
		$this->namespace = Routes::NAMESPACE;
		$this->rest_base = 'settings';
	}

	public function register_routes(): void {
		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base,
			array(
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => array( $this, 'get_item' ),
					'permission_callback' => array( $this, 'get_item_permissions_check' ),
				),
				array(
					'methods'             => WP_REST_Server::EDITABLE,
					'callback'            => array( $this, 'update_item' ),
					'permission_callback' => array( $this, 'update_item_permissions_check' ),
					'args'                => $this->get_endpoint_args_for_item_schema( WP_REST_Server::EDITABLE ),
				),
				'schema' => array( $this, 'get_public_item_schema' ),
			)
		);
		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base . '/models',
			array(
				array(
					'methods'             => WP_REST_Server::READABLE,
					'callback'            => array( $this, 'get_models' ),
					'permission_callback' => array( $this, 'get_item_permissions_check' ),
				),
			)
		);
		register_rest_route(
			$this->namespace,
			'/' . $this->rest_base . '/test-connection',
			array(
				array(
					'methods'             => WP_REST_Server::CREATABLE,
					'callback'            => array( $this, 'test_connection' ),
					'permission_callback' => array( $this, 'update_item_permissions_check' ),
					'args'                => array(
						// Without its default: an absent URL means "the saved one".
						'provider_base_url' => array_diff_key( Settings::schema()['provider_base_url'], array( 'default' => true ) ),
						'api_key'           => array(
							'type'      => 'string',
							'maxLength' => 500,
						),
					),
				),
			)
		);
	}

	/**
	 * Asks the provider for its models with the saved settings, or with a base URL and key not saved yet.
	 * 200 when the provider was asked: whether it answered is the result, with its error in words when it did not,
	 * and what was tried (method, URL, which key) and what came back (HTTP status, time) either way.
	 * The saved key only goes to the saved base URL's origin: another origin is tested with the key sent along.
	 *
	 * @param WP_REST_Request<array<string, mixed>> $request The request.
	 */
	public function test_connection( WP_REST_Request $request ): WP_REST_Response|WP_Error {
		$saved = ProviderConfig::from_settings( $this->settings, $this->api_key );
		$url   = null !== $request['provider_base_url'] ? untrailingslashit( (string) $request['provider_base_url'] ) : $saved->base_url;
		$sent  = trim( (string) $request['api_key'] );
		$key   = $sent;
		if ( '' === $sent && '' !== $saved->api_key ) {
			if ( ! UrlOrigin::same( $url, $saved->base_url ) ) {
				return $this->key_required( $saved->base_url );
			}
			$key = $saved->api_key;
		}
		$key_used = '' !== $sent ? 'sent' : ( '' !== $key ? 'saved' : 'none' );
		return rest_ensure_response( $this->ask_models( new ProviderConfig( $url, $key, $saved->text_model, $saved->image_model, $saved->connect_timeout, min( 15.0, $saved->read_timeout ) ), $key_used ) );
	}

	/**
	 * The models the saved provider lists (GET {base URL}/models), for the settings' model pickers; an empty list
	 * with the error when it lists none or cannot be reached, so the fields stay free text.
	 *
	 * @param WP_REST_Request<array<string, mixed>> $request The request.
	 */
	public function get_models( $request ): WP_REST_Response {
		$saved = ProviderConfig::from_settings( $this->settings, $this->api_key );
		$asked = $this->ask_models( new ProviderConfig( $saved->base_url, $saved->api_key, $saved->text_model, $saved->image_model, $saved->connect_timeout, min( 15.0, $saved->read_timeout ) ), '' !== $saved->api_key ? 'saved' : 'none' );
		return rest_ensure_response(
			array(
				'models' => $asked['models'],
				'error'  => $asked['error'] ?? null,
			)
		);
	}

	/**
	 * One GET {base URL}/models: the model ids, or the error in words; with what was asked and what answered.
	 *
	 * @param string $key_used Which key went along: saved, sent or none.
	 * @return array{ok: bool, models: list<string>, error?: array{code: string, message: string}, tried: array{method: string, url: string, key: string}, answer: array{status: int|null, elapsed_ms: int}}
	 */
	private function ask_models( ProviderConfig $config, string $key_used ): array {
		$tried  = array(
			'method' => 'GET',
			'url'    => $config->base_url . '/models',
			'key'    => $key_used,
		);
		$status = null;
		// The HTTP status the provider answered, read where WordPress reports every request it made.
		$record = static function ( $response, $context, $transport, $args, $url ) use ( $tried, &$status ): void {
			if ( 'response' === $context && $url === $tried['url'] && is_array( $response ) ) {
				$status = (int) wp_remote_retrieve_response_code( $response );
			}
		};
		add_action( 'http_api_debug', $record, 10, 5 );
		$started = microtime( true );
		try {
			$models = ( new OpenAiCompatibleProvider( static fn(): ProviderConfig => $config ) )->models();
			$result = array(
				'ok'     => true,
				'models' => $models,
			);
		} catch ( RetryableJobError | PermanentJobError $error ) {
			// Managers only: the provider's own words help here (the key is already taken out of them).
			$detail = '' !== $error->detail() ? ' (' . $error->detail() . ')' : '';
			$result = array(
				'ok'     => false,
				'models' => array(),
				'error'  => array(
					'code'    => $error->error_code(),
					'message' => $error->getMessage() . $detail,
				),
			);
		} finally {
			remove_action( 'http_api_debug', $record, 10 );
		}
		return $result + array(
			'tried'  => $tried,
			'answer' => array(
				'status'     => $status,
				'elapsed_ms' => (int) round( ( microtime( true ) - $started ) * 1000 ),
			),
		);
	}

	/**
	 * @return array<string, mixed>
	 */
	public function get_item_schema(): array {
		if ( $this->schema ) {
			return $this->schema;
		}
		$properties = array();
		foreach ( Settings::schema() as $key => $schema ) {
			unset( $schema['default'] );
			$properties[ $key ] = $schema + array( 'context' => array( 'edit' ) );
		}
		$properties['api_key']        = array(
			'description' => __( 'API key for the provider. Write-only: never returned. An empty string removes the stored key.', 'iacp' ),
			'type'        => 'string',
			'maxLength'   => 500,
			'context'     => array(),
		);
		$properties['api_key_set']    = array(
			'description' => __( 'Whether an API key is available.', 'iacp' ),
			'type'        => 'boolean',
			'readonly'    => true,
			'context'     => array( 'edit' ),
		);
		$properties['api_key_source'] = array(
			'description' => __( 'Where the key in use comes from.', 'iacp' ),
			'type'        => 'string',
			'enum'        => array( 'constant', 'environment', 'stored', 'none' ),
			'readonly'    => true,
			'context'     => array( 'edit' ),
		);
		$properties                  += ConnectorSettings::schema();
		$this->schema                 = array(
			'$schema'    => 'http://json-schema.org/draft-04/schema#',
			'title'      => 'iacp-settings',
			'type'       => 'object',
			'properties' => $properties,
		);
		return $this->schema;
	}

	/**
	 * @param WP_REST_Request<array<string, mixed>> $request The request.
	 */
	public function get_item_permissions_check( $request ): true|WP_Error {
		return Permission::check( current_user_can( Capabilities::MANAGE_JOBS ), __( 'You are not allowed to manage AI settings.', 'iacp' ) );
	}

	/**
	 * @param WP_REST_Request<array<string, mixed>> $request The request.
	 */
	public function update_item_permissions_check( $request ): true|WP_Error {
		return $this->get_item_permissions_check( $request );
	}

	/**
	 * @param WP_REST_Request<array<string, mixed>> $request The request.
	 */
	public function get_item( $request ): WP_REST_Response {
		return rest_ensure_response( $this->current() );
	}

	/**
	 * Saves the settings sent (all or nothing) and the key when one is sent.
	 *
	 * @param WP_REST_Request<array<string, mixed>> $request The request.
	 */
	public function update_item( $request ): WP_REST_Response|WP_Error {
		$params  = (array) $request->get_json_params();
		$changes = array_intersect_key( $params, Settings::schema() );
		$unknown = array_diff( array_keys( $params ), array_keys( Settings::schema() ), array( 'api_key' ) );
		if ( array() !== $unknown ) {
			$field = (string) reset( $unknown );
			return new WP_Error(
				'iacp_unknown_setting',
				/* translators: %s: setting name. */
				sprintf( __( 'Unknown setting: %s.', 'iacp' ), $field ),
				array(
					'status' => 400,
					'field'  => $field,
				)
			);
		}
		$connector_url = ConnectorSettings::check_change( $changes, $this->settings );
		if ( $connector_url instanceof WP_Error ) {
			return $connector_url;
		}
		$key_follows = $this->key_follows_origin( $changes, $params );
		if ( $key_follows instanceof WP_Error ) {
			return $key_follows;
		}
		$saved = $this->settings->update( $changes );
		if ( $saved instanceof WP_Error ) {
			return $saved;
		}
		if ( array_key_exists( 'api_key', $params ) && ! hash_equals( $this->api_key->key(), trim( (string) $params['api_key'] ) ) ) {
			$this->api_key->save( (string) $params['api_key'] );
		}
		return rest_ensure_response( $this->current() );
	}

	/**
	 * The key in use only ever goes to the saved base URL's origin, so moving that origin needs the key in the same
	 * request: a new key or its removal for a stored key, the same key for one set in the site's configuration.
	 * Whoever may change settings but does not know the key cannot send it to a host of their choosing.
	 *
	 * @param array<string, mixed> $changes Settings to change.
	 * @param array<string, mixed> $params  The whole request body.
	 */
	private function key_follows_origin( array $changes, array $params ): true|WP_Error {
		$url     = $changes['provider_base_url'] ?? null;
		$current = (string) $this->settings->get( 'provider_base_url' );
		if ( ! is_string( $url ) || true !== rest_validate_value_from_schema( $url, Settings::schema()['provider_base_url'] ) || UrlOrigin::same( $url, $current ) || ! $this->api_key->is_set() ) {
			return true;
		}
		$sent = isset( $params['api_key'] ) && is_string( $params['api_key'] ) ? trim( $params['api_key'] ) : null;
		$ok   = 'stored' === $this->api_key->source()
			? null !== $sent
			: null !== $sent && '' !== $sent && hash_equals( $this->api_key->key(), $sent );
		return $ok ? true : $this->key_required( $current );
	}

	/**
	 * The answer when the key would have to go to an origin it was not given for.
	 */
	private function key_required( string $saved_url ): WP_Error {
		$origin  = (string) wp_parse_url( $saved_url, PHP_URL_HOST );
		$message = 'stored' === $this->api_key->source()
			/* translators: %s: host name of the saved provider. */
			? sprintf( __( 'The saved API key is only sent to %s. For a provider at another address, enter its API key (or remove the saved one) in the same request.', 'iacp' ), $origin )
			/* translators: %s: host name of the saved provider. */
			: sprintf( __( 'The API key set as IACP_API_KEY in the site\'s configuration is only sent to %s. For a provider at another address, send that key with it, or remove IACP_API_KEY from the configuration first.', 'iacp' ), $origin );
		return new WP_Error(
			'iacp_api_key_required',
			$message,
			array(
				'status' => 400,
				'field'  => 'api_key',
			)
		);
	}

	/**
	 * @return array<string, mixed>
	 */
	private function current(): array {
		return $this->settings->all() + array(
			'api_key_set'    => $this->api_key->is_set(),
			'api_key_source' => $this->api_key->source(),
		) + ConnectorSettings::current( $this->settings );
	}
}
