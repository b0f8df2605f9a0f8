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

package dev.reuseport.redis;

import java.time.Duration;
import java.util.function.Supplier;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.util.Assert;

/**
 * Opens connections to one Redis with a Lettuce {@link RedisClient}: the application's
 * own (Spring Data Redis's {@code LettuceConnectionFactory}, configured by
 * {@code spring.data.redis.*}), whose event loops and settings it shares, or one created
 * for a URL of the starter's own, which it shuts down with the application. Every
 * connection it opens is dedicated to its caller, never the application's shared one, so
 * that a caller that gives up on a connection (a probe without answer) can close it and
 * open a fresh one at once instead of waiting for Lettuce's reconnect backoff.
 * <p>
 * Opening a connection blocks until it is established or fails: call it off event loops.
 *
 * @author reuseport team
 * @since 0.1.0
 */
public final class RedisConnector implements DisposableBean {

	private final Supplier<RedisClient> client;

	private final boolean owned;

	private final String description;

	private RedisConnector(Supplier<RedisClient> client, boolean owned, String description) {
		this.client = client;
		this.owned = owned;
		this.description = description;
	}

	/**
	 * Return a connector that opens connections with the application's client, which it
	 * never shuts down, asked for when the first connection is opened (the application's
	 * connection factory may create it when it starts).
	 * @param client the client
	 * @return the connector
	 */
	public static RedisConnector borrowing(Supplier<RedisClient> client) {
		Assert.notNull(client, "'client' must not be null");
		return new RedisConnector(client, false, "the Redis of spring.data.redis.*");
	}

	/**
	 * Return a connector with a client of its own for a Redis URL
	 * ({@code redis://[user:password@]host[:port][/database]}, {@code rediss://} for
	 * TLS), which rejects commands while disconnected instead of buffering them.
	 * @param url the URL
	 * @param connectTimeout how long opening a connection may take
	 * @return the connector
	 */
	public static RedisConnector forUrl(String url, Duration connectTimeout) {
		Assert.hasText(url, "'url' must not be empty");
		RedisURI uri = RedisURI.create(url);
		RedisClient client = RedisClient.create(uri);
		client.setOptions(ClientOptions.builder()
			.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
			.socketOptions(SocketOptions.builder().connectTimeout(connectTimeout).build())
			.build());
		return new RedisConnector(() -> client, true, uri.getHost() + ":" + uri.getPort());
	}

	/**
	 * Open a connection for commands.
	 * @param <K> the type of keys
	 * @param <V> the type of values
	 * @param codec how keys and values are written
	 * @return the connection
	 * @throws io.lettuce.core.RedisConnectionException if Redis cannot be reached
	 */
	public <K, V> StatefulRedisConnection<K, V> connect(RedisCodec<K, V> codec) {
		return this.client.get().connect(codec);
	}

	/**
	 * Open a connection for publish/subscribe.
	 * @param <K> the type of channels
	 * @param <V> the type of messages
	 * @param codec how channels and messages are written
	 * @return the connection
	 * @throws io.lettuce.core.RedisConnectionException if Redis cannot be reached
	 */
	public <K, V> StatefulRedisPubSubConnection<K, V> connectPubSub(RedisCodec<K, V> codec) {
		return this.client.get().connectPubSub(codec);
	}

	/**
	 * Return which Redis this is, for log lines, without credentials.
	 * @return the description
	 */
	public String getDescription() {
		return this.description;
	}

	/**
	 * Shut the client down if it is the connector's own.
	 */
	@Override
	public void destroy() {
		if (this.owned) {
			this.client.get().shutdown(Duration.ZERO, Duration.ofSeconds(2));
		}
	}

}
