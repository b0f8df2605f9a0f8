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

import reactor.core.publisher.Mono;

/**
 * Carries invalidation messages between the instances of an application: a broker's
 * publish/subscribe channel that every instance publishes to and subscribes to, including
 * its own messages.
 *
 * @author reuseport team
 * @since 0.1.0
 * @see RedisInvalidationTransport
 */
public interface InvalidationTransport {

	/**
	 * Start subscribing, without waiting: a broker that cannot be reached is retried
	 * until {@link #stop()}.
	 * @param receiver told of messages and of the link coming up
	 */
	void start(Receiver receiver);

	/**
	 * Stop subscribing and release the connections.
	 */
	void stop();

	/**
	 * Publish a message to every subscribed instance.
	 * @param message the message
	 * @return completes when the broker took the message, or fails
	 */
	Mono<Void> publish(String message);

	/**
	 * Return whether the link is up: subscribed, and the broker answers.
	 * @return whether the link is up
	 */
	boolean isConnected();

	/**
	 * Return how often the link came back after an outage.
	 * @return the number of reconnects
	 */
	long getReconnects();

	/**
	 * Return the name of the channel, as shown by the endpoint.
	 * @return the channel
	 */
	String getChannel();

	/**
	 * Told of what arrives on the link.
	 */
	interface Receiver {

		/**
		 * Called for every message on the channel, the instance's own included, one at a
		 * time, off the transport's I/O threads.
		 * @param message the message
		 */
		void received(String message);

		/**
		 * Called each time the link comes up: the first time, and again after each
		 * outage, before {@link #isConnected()} reports it up. Messages published before,
		 * or while it was down, were not received: clear what may have missed them.
		 */
		void connected();

		/**
		 * Called after {@link #connected()}, once {@link #isConnected()} reports the link
		 * up: messages can be published again.
		 */
		default void up() {
		}

		/**
		 * Called for every message the transport ignored before handing it over: too big,
		 * or dropped because too many were waiting.
		 * @param reason what was ignored
		 */
		default void rejected(String reason) {
		}

	}

}
