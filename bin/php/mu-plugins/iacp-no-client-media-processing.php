<?php
/**
 * Local environments built from the WordPress 7.1 archive only: it lacks the worker of the editor's client-side
 * image processing (wp-includes/js/dist/script-modules/vips/worker.min.js), so turn that feature off instead of
 * letting uploads in the editor fail on a missing script. Never shipped with the plugin.
 *
 * @package IACP
 */

add_filter( 'wp_client_side_media_processing_enabled', '__return_false' );
