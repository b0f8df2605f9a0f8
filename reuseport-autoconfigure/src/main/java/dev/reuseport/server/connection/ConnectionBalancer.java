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
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

import dev.reuseport.server.ConnectionBalance;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.util.AttributeKey;
import org.jspecify.annotations.Nullable;

/**
 * Places each accepted connection on the running worker that serves the fewest
 * connections ({@link ConnectionBalance#LEAST_CONNECTIONS}), much as Envoy's
 * {@code exact_balance} does across its workers' listeners: a worker's
 * {@link BalancingAcceptor} hands a connection it accepted to another worker's listener
 * before anything is set up on it, and that worker's server then owns it as if it had
 * accepted it (its pipeline, loops, drain and counters).
 * <p>
 * Counts are pre-incremented when a connection is placed and decremented when it closes,
 * so that connections accepted at once by several listeners spread too. Unlike Envoy's
 * balancer, a connection stays on the accepting worker unless another serves at least two
 * fewer ({@link #TOLERANCE}). A worker takes part from the time it serves until it starts
 * draining or is evicted.
 *
 * @author reuseport team
 */
public final class ConnectionBalancer {

	private static final AttributeKey<Member> PLACED_ON = AttributeKey
		.valueOf(ConnectionBalancer.class.getName() + ".placedOn");

	/**
	 * How many more connections than the least-loaded member the accepting member may
	 * serve and still keep a connection it accepted. A hand-off costs a task and usually
	 * a wake-up on another loop; with a tolerance of one, half as many connections move
	 * under connection churn, and connections opened one by one still end within two of
	 * each other (96 over 4 workers: at most 25 on one, max/mean 1.04).
	 */
	static final int TOLERANCE = 1;

	private final List<Member> members = new CopyOnWriteArrayList<>();

	/**
	 * Create the seat of a new worker; it takes part once it {@link Member#join() joins}.
	 * @param statistics the worker's counters
	 * @return the member
	 */
	public Member newMember(WorkerStatistics statistics) {
		return new Member(statistics);
	}

	/**
	 * Place a connection accepted by a member's listener: on the accepting member unless
	 * another serves more than {@link #TOLERANCE} fewer connections, else handed to the
	 * member that serves the fewest. Runs on the accepting listener's event loop.
	 * @param accepting the member whose listener accepted the connection
	 * @param context the accepting listener's {@link BalancingAcceptor} context
	 * @param child the accepted connection, not registered yet
	 */
	void place(Member accepting, ChannelHandlerContext context, Channel child) {
		Member target = accepting.joined ? accepting : null;
		int fewest = (target != null) ? target.connections.get() - TOLERANCE : Integer.MAX_VALUE;
		for (Member member : this.members) {
			int connections = member.connections.get();
			if (connections < fewest) {
				fewest = connections;
				target = member;
			}
		}
		ChannelHandlerContext targetContext = (target != null) ? target.acceptor : null;
		if (target == null || target == accepting || targetContext == null) {
			accept(accepting, context, child);
			return;
		}
		Member chosen = target;
		chosen.connections.incrementAndGet();
		child.attr(PLACED_ON).set(chosen);
		try {
			targetContext.executor().execute(() -> targetContext.fireChannelRead(child));
			accepting.statistics.connectionHandedOff();
		}
		catch (RejectedExecutionException ex) {
			chosen.connections.decrementAndGet();
			accept(accepting, context, child);
		}
	}

	private static void accept(Member accepting, ChannelHandlerContext context, Channel child) {
		accepting.connections.incrementAndGet();
		child.attr(PLACED_ON).set(accepting);
		context.fireChannelRead(child);
	}

	/**
	 * Count a connection as served by the member it was placed on until it closes. Called
	 * when the connection is set up on its loop.
	 * @param channel the connection
	 */
	static void track(Channel channel) {
		Member member = channel.attr(PLACED_ON).getAndSet(null);
		if (member != null) {
			channel.closeFuture().addListener((future) -> member.connections.decrementAndGet());
		}
	}

	/**
	 * A worker's seat in the balancer.
	 */
	public final class Member {

		private final AtomicInteger connections = new AtomicInteger();

		private final WorkerStatistics statistics;

		private volatile @Nullable ChannelHandlerContext acceptor;

		private volatile boolean joined;

		Member(WorkerStatistics statistics) {
			this.statistics = statistics;
		}

		void acceptorAdded(ChannelHandlerContext context) {
			this.acceptor = context;
		}

		/**
		 * Take part: receive connections other listeners accepted.
		 */
		public void join() {
			if (!this.joined) {
				this.joined = true;
				ConnectionBalancer.this.members.add(this);
			}
		}

		/**
		 * Stop taking part: no connection is handed to this member, and those its
		 * listener still accepts go to the members that take part.
		 */
		public void leave() {
			this.joined = false;
			ConnectionBalancer.this.members.remove(this);
		}

		void place(ChannelHandlerContext context, Channel child) {
			ConnectionBalancer.this.place(this, context, child);
		}

		/**
		 * Return how many connections are placed on this member and still open.
		 * @return the count
		 */
		int connections() {
			return this.connections.get();
		}

	}

}
