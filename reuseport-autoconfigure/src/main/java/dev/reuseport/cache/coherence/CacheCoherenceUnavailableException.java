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

/**
 * Thrown at start-up when {@code reuseport.cache.redis.enabled=true} but the application
 * cannot publish invalidations through Redis: Spring Data Redis is not on the class path,
 * or there is no reactive Redis connection factory.
 *
 * @author reuseport team
 * @since 0.1.0
 */
public class CacheCoherenceUnavailableException extends RuntimeException {

	private final Reason reason;

	/**
	 * Create a new instance.
	 * @param reason what is missing
	 */
	public CacheCoherenceUnavailableException(Reason reason) {
		super("'reuseport.cache.redis.enabled' is true, but " + reason.description);
		this.reason = reason;
	}

	/**
	 * Return what is missing.
	 * @return the reason
	 */
	public Reason getReason() {
		return this.reason;
	}

	/**
	 * What is missing.
	 */
	public enum Reason {

		/**
		 * Spring Data Redis is not on the class path and no URL is set.
		 */
		NO_SPRING_DATA_REDIS("Spring Data Redis is not on the class path"),

		/**
		 * Lettuce is not on the class path.
		 */
		NO_LETTUCE("Lettuce (io.lettuce:lettuce-core) is not on the class path"),

		/**
		 * There is no {@code LettuceConnectionFactory} bean.
		 */
		NO_LETTUCE_CONNECTION_FACTORY("the application has no LettuceConnectionFactory bean"),

		/**
		 * The application's Redis is a cluster.
		 */
		CLUSTER("the Redis of spring.data.redis.* is a Redis Cluster, which the link does not support");

		private final String description;

		Reason(String description) {
			this.description = description;
		}

		/**
		 * Return the description of what is missing.
		 * @return the description
		 */
		public String getDescription() {
			return this.description;
		}

	}

}
