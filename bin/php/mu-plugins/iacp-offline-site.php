<?php
/**
 * Local environments only: this machine has no internet, so tell WordPress its update data is fresh instead of
 * letting every cron run fail (and warn) trying to reach the update servers.
 *
 * @package IACP
 */

$iacp_fresh_updates = static function () {
	return (object) array(
		'last_checked'    => time(),
		'version_checked' => get_bloginfo( 'version' ),
		'updates'         => array(),
		'translations'    => array(),
		'checked'         => array(),
		'response'        => array(),
		'no_update'       => array(),
	);
};
add_filter( 'pre_site_transient_update_core', $iacp_fresh_updates );
add_filter( 'pre_site_transient_update_plugins', $iacp_fresh_updates );
add_filter( 'pre_site_transient_update_themes', $iacp_fresh_updates );
