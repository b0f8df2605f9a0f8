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

package dev.reuseport.server.connection;

import java.util.OptionalInt;

import io.netty.channel.Channel;
import io.netty.channel.ServerChannel;
import io.netty.util.AttributeKey;

/**
 * The index of the worker that serves a connection, kept on the connection's channel from
 * the time that worker sets it up: once per connection, so that nothing is written per
 * request and whoever needs the worker of a request reads it from the request's channel.
 * With {@link dev.reuseport.server.ConnectionBalance#LEAST_CONNECTIONS balanced
 * placement} this is the worker the connection was placed on, not the one whose listener
 * accepted it.
 *
 * @author reuseport team
 * @since 0.1.0
 */
public final class ServingWorker {

	private static final AttributeKey<Integer> INDEX = AttributeKey.valueOf(ServingWorker.class.getName());

	private ServingWorker() {
	}

	static void set(Channel connection, int workerIndex) {
		connection.attr(INDEX).set(workerIndex);
	}

	/**
	 * Return the index of the worker that serves a channel: a connection, or a stream of
	 * an HTTP/2 connection.
	 * @param channel the channel of a request
	 * @return the worker index, or empty for a channel no worker set up
	 */
	public static OptionalInt of(Channel channel) {
		Channel parent = channel.parent();
		Channel connection = (parent == null || parent instanceof ServerChannel) ? channel : parent;
		Integer index = connection.attr(INDEX).get();
		return (index != null) ? OptionalInt.of(index) : OptionalInt.empty();
	}

}
