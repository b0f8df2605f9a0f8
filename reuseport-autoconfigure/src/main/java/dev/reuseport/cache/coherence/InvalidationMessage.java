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

import dev.reuseport.cache.CacheInvalidation;
import dev.reuseport.cache.ScopedKey;

/**
 * An invalidation as published on the channel, with the instance that made it:
 * {@code rp1 <origin> <type> <argument>}, where the type is {@code http-key},
 * {@code http-tag}, {@code http-all}, {@code shared-key}, {@code shared-scope} or
 * {@code shared-all}. A shared-cache key without a text form
 * ({@link SharedCacheKeyCodec}) is published as its scope, or as {@code shared-all}:
 * other instances then invalidate more than was invalidated here, never less.
 *
 * @param origin the instance that made the invalidation
 * @param invalidation the invalidation
 * @author reuseport team
 */
record InvalidationMessage(String origin, CacheInvalidation invalidation) {

	private static final String VERSION = "rp1";

	/**
	 * Return the text form of this message.
	 * @return the text
	 */
	String write() {
		String prefix = VERSION + " " + this.origin + " ";
		CacheInvalidation value = this.invalidation;
		if (value instanceof CacheInvalidation.HttpKey httpKey) {
			return prefix + "http-key " + httpKey.key();
		}
		if (value instanceof CacheInvalidation.HttpTag httpTag) {
			return prefix + "http-tag " + httpTag.tag();
		}
		if (value instanceof CacheInvalidation.HttpAll) {
			return prefix + "http-all";
		}
		if (value instanceof CacheInvalidation.SharedKey sharedKey) {
			String key = SharedCacheKeyCodec.encode(sharedKey.key());
			if (key != null) {
				return prefix + "shared-key " + key;
			}
			return (sharedKey.key() instanceof ScopedKey scoped) ? prefix + "shared-scope " + scoped.scope()
					: prefix + "shared-all";
		}
		if (value instanceof CacheInvalidation.SharedScope sharedScope) {
			return prefix + "shared-scope " + sharedScope.scope();
		}
		return prefix + "shared-all";
	}

	/**
	 * Read a message from its text form.
	 * @param text the text
	 * @return the message
	 * @throws IllegalArgumentException if the text is not a message
	 */
	static InvalidationMessage read(String text) {
		String[] parts = text.split(" ", 4);
		if (parts.length < 3 || !VERSION.equals(parts[0])) {
			throw new IllegalArgumentException("Not a reuseport invalidation message");
		}
		String argument = (parts.length > 3) ? parts[3] : "";
		CacheInvalidation invalidation = switch (parts[2]) {
			case "http-key" -> new CacheInvalidation.HttpKey(required(argument));
			case "http-tag" -> new CacheInvalidation.HttpTag(required(argument));
			case "http-all" -> new CacheInvalidation.HttpAll();
			case "shared-key" -> new CacheInvalidation.SharedKey(SharedCacheKeyCodec.decode(argument));
			case "shared-scope" -> new CacheInvalidation.SharedScope(required(argument));
			case "shared-all" -> new CacheInvalidation.SharedAll();
			default -> throw new IllegalArgumentException("Unknown invalidation type '" + parts[2] + "'");
		};
		return new InvalidationMessage(parts[1], invalidation);
	}

	private static String required(String argument) {
		if (argument.isEmpty()) {
			throw new IllegalArgumentException("Invalidation without argument");
		}
		return argument;
	}

}
