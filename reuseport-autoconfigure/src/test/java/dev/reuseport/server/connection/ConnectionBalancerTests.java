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

import java.util.ArrayList;
import java.util.List;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ConnectionBalancer}'s choice of worker, with listeners on embedded
 * channels so that the accepting listener is chosen by the test rather than the kernel.
 *
 * @author reuseport team
 */
class ConnectionBalancerTests {

	private final ConnectionBalancer balancer = new ConnectionBalancer();

	private final List<EmbeddedChannel> channels = new ArrayList<>();

	@AfterEach
	void closeChannels() {
		this.channels.forEach(EmbeddedChannel::finishAndReleaseAll);
	}

	@Test
	void connectionStaysOnTheAcceptingWorkerWhenAnotherServesOnlyOneFewer() {
		Listener first = join();
		Listener second = join();
		first.accept();
		first.accept();
		assertThat(first.served).hasSize(2);
		assertThat(second.served).isEmpty();
		assertThat(first.statistics.getHandedOffConnections()).isZero();
	}

	@Test
	void connectionMovesWhenAnotherWorkerServesTwoFewer() {
		Listener first = join();
		Listener second = join();
		first.accept();
		first.accept();
		Channel third = first.accept();
		assertThat(first.served).hasSize(2).doesNotContain(third);
		assertThat(second.served).containsExactly(third);
		assertThat(first.statistics.getHandedOffConnections()).isOne();
	}

	@Test
	void connectionMovesToTheWorkerThatServesTheFewest() {
		Listener first = join();
		Listener second = join();
		first.accept();
		first.accept();
		second.accept();
		first.accept();
		assertThat(first.served).hasSize(3);
		assertThat(second.served).hasSize(1);
		Listener third = join();
		Channel next = first.accept();
		assertThat(third.served).containsExactly(next);
		assertThat(second.served).hasSize(1);
	}

	@Test
	void workerThatLeftIsGivenNothingAndHandsOnWhatItsListenerStillAccepts() {
		Listener first = join();
		Listener second = join();
		second.member.leave();
		for (int i = 0; i < 3; i++) {
			first.accept();
		}
		Channel late = second.accept();
		assertThat(first.served).hasSize(4).contains(late);
		assertThat(second.served).isEmpty();
	}

	private Listener join() {
		WorkerStatistics statistics = new WorkerStatistics();
		Listener listener = new Listener(this.balancer.newMember(statistics), statistics);
		listener.member.join();
		return listener;
	}

	private final class Listener extends ChannelInboundHandlerAdapter {

		private final WorkerStatistics statistics;

		private final ConnectionBalancer.Member member;

		private final EmbeddedChannel channel;

		private final List<Channel> served = new ArrayList<>();

		Listener(ConnectionBalancer.Member member, WorkerStatistics statistics) {
			this.member = member;
			this.statistics = statistics;
			this.channel = new EmbeddedChannel(new BalancingAcceptor(member), this);
			ConnectionBalancerTests.this.channels.add(this.channel);
		}

		Channel accept() {
			EmbeddedChannel child = new EmbeddedChannel();
			ConnectionBalancerTests.this.channels.add(child);
			this.channel.pipeline().fireChannelRead(child);
			ConnectionBalancerTests.this.channels.forEach(EmbeddedChannel::runPendingTasks);
			return child;
		}

		@Override
		public void channelRead(ChannelHandlerContext ctx, Object msg) {
			this.served.add((Channel) msg);
		}

	}

}
