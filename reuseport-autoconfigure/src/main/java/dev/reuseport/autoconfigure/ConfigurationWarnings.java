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

package dev.reuseport.autoconfigure;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.util.unit.DataSize;

/**
 * Start-up warnings for settings that bind and validate but cannot do what was meant.
 *
 * @author reuseport team
 */
final class ConfigurationWarnings {

	private static final Log logger = LogFactory.getLog(ConfigurationWarnings.class);

	/**
	 * Reactor Netty's fewest default event loops, the default number of workers on hosts
	 * with fewer processors.
	 */
	private static final int FEWEST_DEFAULT_LOOPS = 4;

	private ConfigurationWarnings() {
	}

	/**
	 * Warn when a cache's largest entry is larger than the whole cache.
	 * @param prefix the property prefix of the cache
	 * @param maxSize the maximum size of all entries
	 * @param maxEntrySize the maximum size of one entry
	 * @return whether a warning was logged
	 */
	static boolean entryLargerThanCache(String prefix, DataSize maxSize, DataSize maxEntrySize) {
		if (maxEntrySize.toBytes() <= maxSize.toBytes()) {
			return false;
		}
		logger.warn(prefix + ".max-entry-size (" + maxEntrySize + ") is larger than " + prefix + ".max-size (" + maxSize
				+ "): an entry larger than max-size is never kept, so entries between the two are "
				+ "computed every time. Set " + prefix + ".max-entry-size to at most " + maxSize + ".");
		return true;
	}

	/**
	 * Warn when the drain window is longer than the drain timeout, which cuts every drain
	 * first.
	 * @param drainWindow the drain window
	 * @param drainTimeout the drain timeout
	 * @return whether a warning was logged
	 */
	static boolean drainWindowLongerThanTimeout(Duration drainWindow, Duration drainTimeout) {
		if (drainWindow.compareTo(drainTimeout) <= 0) {
			return false;
		}
		logger.warn("reuseport.drain-window (" + drainWindow + ") is longer than reuseport.drain-timeout ("
				+ drainTimeout + "): every drain ends at the timeout, so idle connections are closed after "
				+ drainTimeout + ", not " + drainWindow + ". Set reuseport.drain-window to at most " + drainTimeout
				+ ", or raise reuseport.drain-timeout.");
		return true;
	}

	/**
	 * Warn when early hits are asked for without the HTTP response cache they serve from.
	 * @param http the HTTP response cache's settings
	 * @return whether a warning was logged
	 */
	static boolean earlyHitsWithoutHttpCache(ReusePortCacheProperties.Http http) {
		if (!http.isServeHitsEarly() || http.isEnabled()) {
			return false;
		}
		logger.warn("reuseport.cache.http.serve-hits-early is true, but the HTTP response cache is off, so there are "
				+ "no hits to serve early. Set reuseport.cache.http.enabled=true, or remove "
				+ "reuseport.cache.http.serve-hits-early.");
		return true;
	}

	/**
	 * Warn when shared responses are asked for without the HTTP response cache.
	 * @param properties the cache properties
	 * @return whether a warning was logged
	 */
	static boolean sharedResponsesWithoutHttpCache(ReusePortCacheProperties properties) {
		if (!properties.getRedis().isShareResponses() || properties.getHttp().isEnabled()) {
			return false;
		}
		logger.warn("reuseport.cache.redis.share-responses is true, but the HTTP response cache is off, so there are "
				+ "no responses to share. Set reuseport.cache.http.enabled=true, or remove "
				+ "reuseport.cache.redis.share-responses.");
		return true;
	}

	/**
	 * Warn when there are far more workers than processors: more than twice as many, and
	 * more than the default number on a small host.
	 * @param workers the number of workers
	 * @param processors the available processors
	 * @return whether a warning was logged
	 */
	static boolean workersAboveProcessors(int workers, int processors) {
		if (workers <= Math.max(2 * processors, FEWEST_DEFAULT_LOOPS)) {
			return false;
		}
		logger.warn("reuseport.workers=" + workers + " is more than twice the " + processors
				+ " available processor(s): the extra event loops share cores, which adds context switches and "
				+ "memory without adding throughput. Leave reuseport.workers unset to run Reactor Netty's default "
				+ "number of event loops (one per processor, at least " + FEWEST_DEFAULT_LOOPS + ").");
		return true;
	}

}
