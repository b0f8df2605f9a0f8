/*
 * Copyright 2026-present the original author or authors.
 *
 * Licensed under the Apache License, Version 2.0 (the "License");
 * you may not use this file except in compliance with the License.
 * You may obtain a copy of the License at
 *
 *      https://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS,
 * WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
 * See the License for the specific language governing permissions and
 * limitations under the License.
 */

package dev.reuseport.cache.coherence;

import java.util.ArrayList;
import java.util.List;

import dev.reuseport.cache.CacheInvalidation;
import dev.reuseport.cache.ScopedKey;

/**
 * Invalidations as published on the channel, with the instance that made them: a first
 * line {@code rp1 <origin>}, then one line per invalidation, {@code <type> <argument>},
 * where the type is {@code http-key}, {@code http-tag}, {@code http-all},
 * {@code shared-key}, {@code shared-scope} or {@code shared-all}; arguments escape
 * {@code \}, line feed and carriage return with a backslash. A shared-cache key without a
 * text form ({@link SharedCacheKeyCodec}) is published as its scope, or as
 * {@code shared-all}: other instances then invalidate more than was invalidated here,
 * never less.
 *
 * @param origin the instance that made the invalidations
 * @param lines the invalidations, one line each ({@link #line(CacheInvalidation)})
 * @author reuseport team
 */
record InvalidationMessage(String origin, List<String> lines) {

	private static final String VERSION = "rp1";

	/**
	 * The most lines a message may have: a publisher sends at most 1000 invalidations in
	 * one.
	 */
	static final int MAX_LINES = 10_000;

	/**
	 * Return the line of one invalidation.
	 * @param invalidation the invalidation
	 * @return the line
	 */
	static String line(CacheInvalidation invalidation) {
		if (invalidation instanceof CacheInvalidation.HttpKey httpKey) {
			return "http-key " + escape(httpKey.key());
		}
		if (invalidation instanceof CacheInvalidation.HttpTag httpTag) {
			return "http-tag " + escape(httpTag.tag());
		}
		if (invalidation instanceof CacheInvalidation.HttpAll) {
			return "http-all";
		}
		if (invalidation instanceof CacheInvalidation.SharedKey sharedKey) {
			String key = SharedCacheKeyCodec.encode(sharedKey.key());
			if (key != null) {
				return "shared-key " + escape(key);
			}
			return (sharedKey.key() instanceof ScopedKey scoped) ? "shared-scope " + escape(scoped.scope())
					: "shared-all";
		}
		if (invalidation instanceof CacheInvalidation.SharedScope sharedScope) {
			return "shared-scope " + escape(sharedScope.scope());
		}
		return "shared-all";
	}

	/**
	 * Read the invalidation of one line.
	 * @param line the line
	 * @return the invalidation
	 * @throws IllegalArgumentException if the line is not an invalidation
	 */
	static CacheInvalidation invalidation(String line) {
		int space = line.indexOf(' ');
		String type = (space < 0) ? line : line.substring(0, space);
		String argument = (space < 0) ? "" : unescape(line.substring(space + 1));
		return switch (type) {
			case "http-key" -> new CacheInvalidation.HttpKey(required(argument));
			case "http-tag" -> new CacheInvalidation.HttpTag(required(argument));
			case "http-all" -> new CacheInvalidation.HttpAll();
			case "shared-key" -> new CacheInvalidation.SharedKey(SharedCacheKeyCodec.decode(argument));
			case "shared-scope" -> new CacheInvalidation.SharedScope(required(argument));
			case "shared-all" -> new CacheInvalidation.SharedAll();
			default -> throw new IllegalArgumentException("Unknown invalidation type '" + type + "'");
		};
	}

	/**
	 * Return the text form of this message.
	 * @return the text
	 */
	String write() {
		StringBuilder text = new StringBuilder(VERSION).append(' ').append(this.origin);
		for (String line : this.lines) {
			text.append('\n').append(line);
		}
		return text.toString();
	}

	/**
	 * Return whether a text is a message of an origin, without reading its lines.
	 * @param text the text
	 * @param origin the origin
	 * @return whether the text is that origin's message
	 */
	static boolean isFrom(String text, String origin) {
		int length = VERSION.length() + 1 + origin.length();
		return text.length() >= length && text.startsWith(VERSION) && text.charAt(VERSION.length()) == ' '
				&& text.startsWith(origin, VERSION.length() + 1)
				&& (text.length() == length || text.charAt(length) == '\n');
	}

	/**
	 * Read a message from its text form.
	 * @param text the text
	 * @return the message
	 * @throws IllegalArgumentException if the text is not a message
	 */
	static InvalidationMessage read(String text) {
		int newlines = 0;
		for (int i = 0; i < text.length(); i++) {
			if (text.charAt(i) == '\n' && ++newlines > MAX_LINES) {
				throw new IllegalArgumentException("More than " + MAX_LINES + " lines");
			}
		}
		String[] lines = text.split("\n", -1);
		String[] header = lines[0].split(" ", -1);
		if (header.length != 2 || !VERSION.equals(header[0]) || header[1].isEmpty()) {
			throw new IllegalArgumentException("Not a reuseport invalidation message");
		}
		List<String> invalidations = new ArrayList<>(lines.length - 1);
		for (int i = 1; i < lines.length; i++) {
			invalidations.add(lines[i]);
		}
		return new InvalidationMessage(header[1], invalidations);
	}

	private static String required(String argument) {
		if (argument.isEmpty()) {
			throw new IllegalArgumentException("Invalidation without argument");
		}
		return argument;
	}

	private static String escape(String value) {
		if (value.indexOf('\\') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
			return value;
		}
		return value.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
	}

	private static String unescape(String value) {
		if (value.indexOf('\\') < 0) {
			return value;
		}
		StringBuilder text = new StringBuilder(value.length());
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c != '\\') {
				text.append(c);
				continue;
			}
			if (++i == value.length()) {
				throw new IllegalArgumentException("Dangling escape");
			}
			char escaped = value.charAt(i);
			text.append(switch (escaped) {
				case 'n' -> '\n';
				case 'r' -> '\r';
				case '\\' -> '\\';
				default -> throw new IllegalArgumentException("Unknown escape '\\" + escaped + "'");
			});
		}
		return text.toString();
	}

}
