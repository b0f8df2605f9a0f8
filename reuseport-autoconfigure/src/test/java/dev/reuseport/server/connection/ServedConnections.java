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

import io.netty.channel.embedded.EmbeddedChannel;

/**
 * Connections as a worker leaves them once it has set them up, for tests outside this
 * package.
 *
 * @author reuseport team
 */
public final class ServedConnections {

	private ServedConnections() {
	}

	/**
	 * Return a connection that the given worker serves.
	 * @param workerIndex the worker's index
	 * @return an embedded channel
	 */
	public static EmbeddedChannel servedBy(int workerIndex) {
		EmbeddedChannel channel = new EmbeddedChannel();
		ServingWorker.set(channel, workerIndex);
		return channel;
	}

}
