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

import io.netty.channel.Channel;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.jspecify.annotations.Nullable;
import reactor.netty.DisposableServer;

/**
 * What a worker's server customizer learns at run time and what draining needs: the bound
 * {@link DisposableServer}, the worker's open connections, and whether the worker is
 * draining.
 *
 * @author reuseport team
 */
public final class WorkerHandle {

	private volatile @Nullable DisposableServer server;

	private volatile boolean draining;

	private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

	void bound(DisposableServer server) {
		this.server = server;
	}

	public @Nullable DisposableServer server() {
		return this.server;
	}

	void connectionOpened(Channel channel) {
		this.connections.add(channel);
	}

	public ChannelGroup connections() {
		return this.connections;
	}

	public void startDraining() {
		this.draining = true;
	}

	boolean isDraining() {
		return this.draining;
	}

}
