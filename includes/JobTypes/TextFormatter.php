<?php
/**
 * Turns the AI's plain or markdown-ish text into safe HTML and block markup (paragraphs, headings, lists) that
 * WordPress 6.5's parse_blocks() and the block editor read back unchanged.
 *
 * @package IACP
 */

declare( strict_types=1 );

namespace IACP\JobTypes;

final class TextFormatter {

	/**
	 * @return array{html: string, blocks: string}
	 */
	public function format( string $text ): array {
		$blocks = $this->blocks( $text );
		$html   = array();
		$markup = array();
		foreach ( $blocks as $block ) {
			$html[]   = $this->block_html( $block );
			$markup[] = serialize_block( $block );
		}
		return array(
			'html'   => wp_kses_post( implode( "\n", $html ) ),
			'blocks' => implode( "\n\n", $markup ),
		);
	}

	/**
	 * Parsed blocks in the shape serialize_block() takes.
	 *
	 * @return list<array<string, mixed>>
	 */
	public function blocks( string $text ): array {
		// Group lines first: a blank line ends a paragraph or list; a heading stands alone.
		$groups = array();
		$lines  = preg_split( '/\R/u', trim( $text ) );
		foreach ( false === $lines ? array() : $lines as $line ) {
			$line = trim( $line );
			$last = array() === $groups ? null : array_key_last( $groups );
			if ( '' === $line ) {
				$groups[] = array(
					'kind'  => 'break',
					'lines' => array(),
				);
			} elseif ( preg_match( '/^(#{1,6})\s+(.+?)\s*#*$/u', $line, $match ) ) {
				$groups[] = array(
					'kind'  => 'h' . max( 2, strlen( $match[1] ) ),
					'lines' => array( $this->inline( $match[2] ) ),
				);
			} elseif ( preg_match( '/^(?:([-*+])|(\d{1,3})[.)])\s+(.+)$/u', $line, $match ) ) {
				$kind = '' === $match[1] ? 'ol' : 'ul';
				if ( null !== $last && $kind === $groups[ $last ]['kind'] ) {
					$groups[ $last ]['lines'][] = $this->inline( $match[3] );
				} else {
					$groups[] = array(
						'kind'  => $kind,
						'lines' => array( $this->inline( $match[3] ) ),
					);
				}
			} elseif ( null !== $last && 'p' === $groups[ $last ]['kind'] ) {
				$groups[ $last ]['lines'][] = $this->inline( $line );
			} else {
				$groups[] = array(
					'kind'  => 'p',
					'lines' => array( $this->inline( $line ) ),
				);
			}
		}

		$blocks = array();
		foreach ( $groups as $group ) {
			if ( 'p' === $group['kind'] ) {
				$blocks[] = $this->paragraph( implode( '<br>', $group['lines'] ) );
			} elseif ( 'ul' === $group['kind'] || 'ol' === $group['kind'] ) {
				$blocks[] = $this->list_block( $group['lines'], 'ol' === $group['kind'] );
			} elseif ( 'break' !== $group['kind'] ) {
				$blocks[] = $this->heading( $group['lines'][0], (int) substr( $group['kind'], 1 ) );
			}
		}
		return $blocks;
	}

	/**
	 * Escapes a line and turns **bold**, *italic* / _italic_ and `code` into markup.
	 */
	private function inline( string $text ): string {
		$text = esc_html( $text );
		$text = (string) preg_replace( '/`([^`]+)`/u', '<code>$1</code>', $text );
		$text = (string) preg_replace( '/\*\*(.+?)\*\*/u', '<strong>$1</strong>', $text );
		$text = (string) preg_replace( '/(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])/u', '<em>$1</em>', $text );
		return (string) preg_replace( '/(?<![\w])_(?!\s)(.+?)(?<!\s)_(?![\w])/u', '<em>$1</em>', $text );
	}

	/**
	 * @return array<string, mixed>
	 */
	private function paragraph( string $html ): array {
		return $this->leaf( 'core/paragraph', array(), '<p>' . $html . '</p>' );
	}

	/**
	 * @return array<string, mixed>
	 */
	private function heading( string $html, int $level ): array {
		$level = min( 6, $level );
		return $this->leaf( 'core/heading', 2 === $level ? array() : array( 'level' => $level ), sprintf( '<h%1$d class="wp-block-heading">%2$s</h%1$d>', $level, $html ) );
	}

	/**
	 * A core/list with one core/list-item inner block per item (the list markup since WordPress 6.1).
	 *
	 * @param list<string> $items Item HTML.
	 * @return array<string, mixed>
	 */
	private function list_block( array $items, bool $ordered ): array {
		$tag           = $ordered ? 'ol' : 'ul';
		$inner_blocks  = array();
		$inner_content = array( "\n<{$tag}>" );
		foreach ( $items as $i => $item ) {
			$inner_blocks[] = $this->leaf( 'core/list-item', array(), '<li>' . $item . '</li>' );
			if ( $i > 0 ) {
				$inner_content[] = "\n\n";
			}
			$inner_content[] = null;
		}
		$inner_content[] = "</{$tag}>\n";
		return array(
			'blockName'    => 'core/list',
			'attrs'        => $ordered ? array( 'ordered' => true ) : array(),
			'innerBlocks'  => $inner_blocks,
			'innerHTML'    => "\n<{$tag}></{$tag}>\n",
			'innerContent' => $inner_content,
		);
	}

	/**
	 * A block without inner blocks.
	 *
	 * @param array<string, mixed> $attrs Attributes.
	 * @return array<string, mixed>
	 */
	private function leaf( string $name, array $attrs, string $html ): array {
		$html = "\n" . $html . "\n";
		return array(
			'blockName'    => $name,
			'attrs'        => $attrs,
			'innerBlocks'  => array(),
			'innerHTML'    => $html,
			'innerContent' => array( $html ),
		);
	}

	/**
	 * The block's HTML without block comments.
	 *
	 * @param array<string, mixed> $block Block.
	 */
	private function block_html( array $block ): string {
		$html  = '';
		$inner = 0;
		foreach ( (array) $block['innerContent'] as $chunk ) {
			$html .= is_string( $chunk ) ? $chunk : $this->block_html( (array) $block['innerBlocks'][ $inner++ ] );
		}
		return trim( $html );
	}
}
