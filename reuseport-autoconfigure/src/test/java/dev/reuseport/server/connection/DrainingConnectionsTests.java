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

import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.netty.NettyPipeline;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link DrainingConnections} when one connection's event loop has stopped
 * (with balanced placement, a connection of a draining worker may be served on the loop
 * of another worker that is stopping): that connection is skipped, and the drain goes on
 * with the other connections, which are announced and closed.
 *
 * @author reuseport team
 */
class DrainingConnectionsTests {

	private final EventLoopGroup liveLoops = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());

	@AfterEach
	void stopLoops() {
		this.liveLoops.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
	}

	@Test
	void announcingGoesOnPastAConnectionWhoseLoopHasStopped() throws Exception {
		LocalChannel stopped = channelOnStoppedLoop();
		LocalChannel live = http11Channel(this.liveLoops);
		List.of(stopped, live).forEach(DrainingConnections::announce);
		live.eventLoop().submit(() -> null).get(5, TimeUnit.SECONDS);
		assertThat(live.pipeline().get(DrainingResponseHandler.NAME)).as("later connection announced").isNotNull();
	}

	@Test
	void closingGoesOnPastAConnectionWhoseLoopHasStopped() throws Exception {
		LocalChannel stopped = channelOnStoppedLoop();
		Channel live = connectedChannel(this.liveLoops);
		assertThat(live.isActive()).isTrue();
		List.of(stopped, live).forEach(DrainingConnections::closeIdle);
		assertThat(live.closeFuture().await(5, TimeUnit.SECONDS)).as("later idle connection closed").isTrue();
	}

	/**
	 * An active HTTP/1.1-like connection: a local client connected to a local server.
	 */
	private static Channel connectedChannel(EventLoopGroup loops) throws InterruptedException {
		LocalAddress address = new LocalAddress("draining-" + UUID.randomUUID());
		new ServerBootstrap().group(loops)
			.channel(LocalServerChannel.class)
			.childHandler(new ChannelInboundHandlerAdapter())
			.bind(address)
			.sync();
		return new Bootstrap().group(loops).channel(LocalChannel.class).handler(new ChannelInitializer<LocalChannel>() {

			@Override
			protected void initChannel(LocalChannel channel) {
				channel.pipeline().addLast(NettyPipeline.ReactiveBridge, new ChannelInboundHandlerAdapter());
			}

		}).connect(address).sync().channel();
	}

	private static LocalChannel http11Channel(EventLoopGroup loops) throws InterruptedException {
		LocalChannel channel = new LocalChannel();
		channel.pipeline().addLast(NettyPipeline.ReactiveBridge, new ChannelInboundHandlerAdapter());
		loops.register(channel).sync();
		return channel;
	}

	private static LocalChannel channelOnStoppedLoop() throws InterruptedException {
		EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
		LocalChannel channel = http11Channel(loops);
		loops.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();
		return channel;
	}

}
