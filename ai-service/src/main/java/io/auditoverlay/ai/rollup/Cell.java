package io.auditoverlay.ai.rollup;

/**
 * One bucket of one series: the sum of its events' contributions, of their squares and cubes (the
 * noise and skew of money series), and how many events contributed.
 */
public final class Cell {

    public static final Cell EMPTY = new Cell(0, 0, 0, 0);

    private double value;
    private double squares;
    private double cubes;
    private int events;

    public Cell() {
    }

    public Cell(double value, double squares, double cubes, int events) {
        this.value = value;
        this.squares = squares;
        this.cubes = cubes;
        this.events = events;
    }

    /** Counts one event's contribution. */
    public void add(double contribution) {
        value += contribution;
        squares += contribution * contribution;
        cubes += contribution * contribution * contribution;
        events++;
    }

    /** Adds another cell's sums (a finer bucket into a coarser one). */
    public void merge(Cell other) {
        value += other.value;
        squares += other.squares;
        cubes += other.cubes;
        events += other.events;
    }

    public double value() {
        return value;
    }

    public double squares() {
        return squares;
    }

    public double cubes() {
        return cubes;
    }

    public int events() {
        return events;
    }

    public boolean isEmpty() {
        return events == 0;
    }

    @Override
    public String toString() {
        return "Cell[value=" + value + ", squares=" + squares + ", cubes=" + cubes + ", events=" + events + "]";
    }
}
