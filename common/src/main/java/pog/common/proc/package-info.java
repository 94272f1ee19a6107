/** Starting processes that must outlive their starter (own session, no pipes back), and learning of any process's exit the moment it happens (zombie-aware). Never kills anything. */
package pog.common.proc;
